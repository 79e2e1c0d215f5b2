using Microsoft.EntityFrameworkCore;
using Npgsql;
using Qingling.Core.Income;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Data.Import;
using Qingling.Data.Queries;
using Qingling.Data.Regions;
using Qingling.Tests.Support;

namespace Qingling.Tests.Income;

/// <summary>
/// PostgreSQL keeps each household's ledger sums and member counts per year (KeptSums) by triggers; every figure of a
/// province's size reads them. An auditor's test: after every kind of write — imports of two years, the web's single
/// entries, bulk statements, hand-written SQL on the members — the kept sums equal the rows, and the targets and the
/// roll-up computed from them equal the Core rule's over the rows. SQLite keeps none (a town sums its rows).
/// </summary>
public class KeptSumsTests
{
    static ImportResult Import(TestDatabase db, ExportBuilder file, string name, int year) =>
        new ImportHandler(db.Store).Run(file.WriteCsv(Path.Combine(db.Folder, name + ".csv")), new ImportOptions(year, null, "测试"));

    [Fact]
    public void The_migration_holds_the_text_KeptSums_generates_numbered_by_the_enums()
    {
        // A change to KeptSums needs a migration of its own: this one's text is what it did.
        Assert.Equal(Migrations.Postgres.Migrations.KeptSums.Create, Data.Database.KeptSums.PostgresCreate());
        Assert.Equal(Migrations.Postgres.Migrations.KeptSums.Drop, Data.Database.KeptSums.PostgresDrop.Trim());
        // Its columns are numbered by these values (import_1 … other_5, labour_1 … labour_5; imported lines are source 1).
        Assert.Equal([1, 2, 3, 4, 5], IncomeCategories.All.Select(c => (int)c));
        Assert.Equal([1, 2, 3, 4, 5], Enum.GetValues<Core.Households.LabourCapacity>().Select(c => (int)c));
        Assert.Equal(1, (int)IncomeSource.Import);
    }

    [Fact]
    public void A_large_import_leaves_postgresqls_statistics_current_and_a_small_one_leaves_them_to_autovacuum()
    {
        Assert.SkipWhen(TestDatabase.PostgresConnection is null, "QINGLING_TEST_POSTGRES is not set");
        using var db = new TestDatabase(TestDatabase.Postgres);
        // Column statistics (pg_stats) exist only once a table is analysed (building an index sets its row count, not these).
        int Analysed(string table)
        {
            using var c = db.Store.CreateContext();
            return c.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM pg_stats WHERE schemaname = 'public' AND tablename = {table}").AsEnumerable().First();
        }
        var small = Import(db, ExportBuilder.FromTown(60, seed: 31), "small", 2022);
        Assert.True((long)small.Batch!.HouseholdsAdded + small.Batch.MembersAdded + small.Batch.IncomeEntriesAdded < ImportHandler.AnalyzeAfterRows);
        Assert.Equal(0, Analysed("households"));
        var large = Import(db, ExportBuilder.FromTown(2_000, seed: 31), "large", 2022);
        Assert.True((long)large.Batch!.HouseholdsAdded + large.Batch.MembersAdded + large.Batch.IncomeEntriesAdded >= ImportHandler.AnalyzeAfterRows);
        Assert.All(new[] { "households", "members", "income_entries", "member_years", "ledger_sums", "member_counts" }, t => Assert.True(Analysed(t) > 0, t + " analysed"));
    }

    [Fact]
    public void Every_write_of_the_ledger_and_the_members_keeps_the_sums_equal_to_their_rows()
    {
        Assert.SkipWhen(TestDatabase.PostgresConnection is null, "QINGLING_TEST_POSTGRES is not set");
        using var db = new TestDatabase(TestDatabase.Postgres);
        Assert.Equal(ImportOutcome.Imported, Import(db, ExportBuilder.FromTown(60, seed: 31), "2022", 2022).Outcome);
        KeptSumsCheck.AssertNone(db.Store);
        using (var c = db.Store.CreateContext())
            Assert.Equal(c.IncomeEntries.Select(e => e.HouseholdId).Distinct().Count(), c.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM ledger_sums WHERE year = 2022").AsEnumerable().First());

        // The next year's export, then the same year's again with one household's income changed (its import lines replaced).
        Assert.Equal(ImportOutcome.Imported, Import(db, ExportBuilder.FromTown(60, seed: 31, year: 2023), "2023", 2023).Outcome);
        var again = ExportBuilder.FromTown(60, seed: 31);
        var code = again.Get(0, "户编号");
        again.SetHousehold(code, "财产性收入", "4321.00").SetHousehold(code, "纯收入", "99999.00");
        Assert.Equal(ImportOutcome.Imported, Import(db, again, "2022b", 2022).Outcome);
        KeptSumsCheck.AssertNone(db.Store);

        // `trace verify` compares them too (before the statements below, which change rows behind their digests): in
        // agreement it says so; a kept sum written by hand is found, with the household.
        var verified = Support.Cli.Run(db.Folder, ["trace", "verify", .. db.CliArguments]);
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        Assert.Contains("收入与成员汇总与明细相符", verified.Output);
        using (var c = db.Store.CreateContext())
        {
            var household = c.Households.OrderBy(h => h.Id).First();
            c.Database.ExecuteSql($"UPDATE ledger_sums SET import_1 = import_1 + 1 WHERE household_id = {household.Id} AND year = 2022");
            var broken = Support.Cli.Run(db.Folder, ["trace", "verify", .. db.CliArguments]);
            Assert.Equal(3, broken.ExitCode);
            Assert.Contains($"收入汇总（ledger_sums）中户{household.Code}2022年的数与明细不符", broken.Output);
            c.Database.ExecuteSql($"UPDATE ledger_sums SET import_1 = import_1 - 1 WHERE household_id = {household.Id} AND year = 2022");
        }

        using (var c = db.Store.CreateContext())
        {
            var households = c.Households.OrderBy(h => h.Id).Select(h => h.Id).Take(6).ToList();
            // Single entries as the web writes them, then each of their columns changed, then one deleted.
            var added = new[] { IncomeSource.Manual, IncomeSource.Measure, IncomeSource.Import }.Select((source, i) => new IncomeEntry
            {
                HouseholdId = households[i], Year = 2022, Category = IncomeCategory.Wage, Amount = 1_000m + i, Source = source,
                RecordedBy = "测试", RecordedAt = DateTime.UtcNow,
            }).ToList();
            c.IncomeEntries.AddRange(added);
            c.SaveChanges();
            KeptSumsCheck.AssertNone(db.Store);
            added[0].Amount = 2_500.55m;
            added[1].Category = IncomeCategory.ProductionCost;
            added[2].Year = 2023;
            added[0].HouseholdId = households[3];
            added[1].ExcludedReason = "一次性救助";
            added[2].Source = IncomeSource.Manual;
            c.SaveChanges();
            KeptSumsCheck.AssertNone(db.Store);
            added[1].ExcludedReason = null;
            c.IncomeEntries.Remove(added[2]);
            c.SaveChanges();
            KeptSumsCheck.AssertNone(db.Store);

            // Statements over many rows at once, and hand-written SQL on the year's members.
            c.IncomeEntries.Where(e => e.Year == 2022 && e.Category == IncomeCategory.Wage).ExecuteUpdate(s => s.SetProperty(e => e.Amount, e => e.Amount + 1m));
            c.IncomeEntries.Where(e => e.HouseholdId == households[4] && e.Year == 2023).ExecuteDelete();
            c.Database.ExecuteSqlRaw("UPDATE member_years SET labour = 5 WHERE member_id % 3 = 0");
            c.Database.ExecuteSqlRaw("DELETE FROM member_years WHERE member_id % 7 = 0 AND year = 2023");
            c.Database.ExecuteSql($"UPDATE member_years SET household_id = {households[5]} WHERE member_id = (SELECT MIN(member_id) FROM member_years WHERE household_id = {households[0]})");
            c.Database.ExecuteSqlRaw("UPDATE member_years SET year = 2021 WHERE year = 2023 AND member_id % 11 = 0");
            c.IncomeEntries.Where(e => e.Year == 2022).Take(5).ExecuteUpdate(s => s.SetProperty(e => e.Note, "备注改动"));
        }
        KeptSumsCheck.AssertNone(db.Store);

        // A whole-table TRUNCATE would leave the sums behind: refused, in Chinese.
        using (var c = db.Store.CreateContext())
        {
            var refused = Assert.Throws<PostgresException>(() => c.Database.ExecuteSqlRaw("TRUNCATE income_entries CASCADE"));
            Assert.Contains("不可整表清空", refused.MessageText);
        }

        // The figures read from the kept sums are the Core rule's over the rows, for both years and two rules.
        using (var c = db.Store.CreateContext())
        {
            var tree = RegionQuery.Tree(c);
            foreach (var year in new[] { 2022, 2023 })
                foreach (var rule in new[] { new TargetRule(), new TargetRule(15_000m, WeakLabourCounts: true) })
                {
                    var expected = TargetSelector.Select(IncomeQuery.ForYear(c, year).Select(r => r.Household), rule);
                    Assert.NotEmpty(expected);
                    Assert.Equal(expected, IncomeQuery.Targets(c, year, rule));
                    var root = tree.Single(r => r.ParentId is null);
                    var rollup = RegionQuery.Rollup(c, tree, root, year, rule);
                    Assert.Equal((expected.Count, expected.Sum(t => t.Persons)), (rollup.Total.Figures.TargetHouseholds, rollup.Total.Figures.TargetPersons));
                }
        }
    }
}
