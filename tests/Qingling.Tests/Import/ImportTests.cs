using System.Text;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Targets;
using Qingling.Data.Import;
using Qingling.Data.Queries;
using Qingling.Tests.Support;

namespace Qingling.Tests.Import;

/// <summary>Imports end to end into a real database: SQLite always, PostgreSQL when configured.</summary>
public class ImportTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static ImportResult Import(TestDatabase db, string path, int? year = 2022, string? encoding = null) =>
        new ImportHandler(db.Store).Run(path, new ImportOptions(year, encoding, "测试"));

    static (int Households, int Members, int Income, int Audit, int Batches) Counts(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return (c.Households.Count(), c.Members.Count(), c.IncomeEntries.Count(), c.AuditEntries.Count(), c.ImportBatches.Count());
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_clean_csv_goes_in_whole(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(25);
        var result = Import(db, b.WriteCsv(Path.Combine(db.Folder, "town.csv")));
        Assert.Equal(ImportOutcome.Imported, result.Outcome);
        Assert.Equal(b.RowCount, result.Rows);
        var (households, members, income, audit, batches) = Counts(db);
        Assert.Equal(25, households);
        Assert.Equal(b.RowCount, members);
        Assert.True(income > 25);
        Assert.Equal(1, batches);
        Assert.Equal(1, audit);

        using var c = db.Store.CreateContext();
        var entry = c.IncomeEntries.AsNoTracking().OrderBy(e => e.Id).First();
        Assert.Equal("town.csv", entry.SourceFile);
        Assert.Equal(b.FileRow(0), entry.SourceRow);
        Assert.Equal("测试", entry.RecordedBy);
        Assert.NotNull(c.Regions.SingleOrDefault(r => r.Name == "勐永镇"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void Recomputed_income_matches_the_export_to_the_fen(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(30, seed: 9);
        Import(db, b.WriteCsv(Path.Combine(db.Folder, "town.csv")));
        using var c = db.Store.CreateContext();
        var rows = IncomeQuery.ForYear(c, 2022).ToDictionary(r => r.Household.HouseholdCode);
        for (var i = 0; i < b.RowCount; i++)
        {
            var income = rows[b.Get(i, "户编号")].Household.Income;
            Assert.Equal(decimal.Parse(b.Get(i, "纯收入"), System.Globalization.CultureInfo.InvariantCulture), income.NetIncome);
            Assert.Equal(decimal.Parse(b.Get(i, "人均纯收入"), System.Globalization.CultureInfo.InvariantCulture), income.PerCapitaNetIncome);
            Assert.Equal(decimal.Parse(b.Get(i, "生产经营性支出"), System.Globalization.CultureInfo.InvariantCulture), income.ProductionCost);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_file_with_errors_changes_nothing(string provider)
    {
        using var db = new TestDatabase(provider);
        Import(db, ExportBuilder.FromTown(5, seed: 1).WriteCsv(Path.Combine(db.Folder, "first.csv")));
        var before = Counts(db);

        var b = ExportBuilder.FromTown(40, seed: 2);
        b.Set(b.RowCount - 1, "劳动技能", "强劳动力"); // the very last row: everything before it was already written
        var result = Import(db, b.WriteCsv(Path.Combine(db.Folder, "bad.csv")));

        Assert.Equal(ImportOutcome.Refused, result.Outcome);
        var p = Assert.Single(result.Problems.Kept, x => x.Severity == Qingling.Core.Import.ProblemSeverity.Error);
        Assert.Equal(("bad.csv", b.FileRow(b.RowCount - 1), "劳动技能", "强劳动力"), (p.File, p.Row, p.Column, p.Value));
        Assert.Equal(before, Counts(db));
    }

    [Theory, MemberData(nameof(Providers))]
    public void An_error_found_only_at_the_end_still_changes_nothing(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(30, seed: 3);
        b.Set(0, "与户主关系", "之子"); // the first household has no head: known only once all rows are read
        var result = Import(db, b.WriteCsv(Path.Combine(db.Folder, "nohead.csv")));
        Assert.Equal(ImportOutcome.Refused, result.Outcome);
        Assert.Contains(result.Problems.Kept, x => x.Reason.Contains("没有户主"));
        Assert.Equal((0, 0, 0, 0, 0), Counts(db));

        // The indexes dropped for the bulk load of the empty tables came back with the rollback.
        var retry = Import(db, ExportBuilder.FromTown(30, seed: 3).WriteCsv(Path.Combine(db.Folder, "good.csv")));
        Assert.Equal(ImportOutcome.Imported, retry.Outcome);
        using var c = db.Store.CreateContext();
        var duplicate = c.Members.AsNoTracking().First();
        duplicate.Id = 0;
        c.Members.Add(duplicate);
        Assert.Throws<DbUpdateException>(() => c.SaveChanges());
    }

    /// <summary>Every index and constraint of the schema, as the database itself describes them.</summary>
    static List<string> Schema(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        var connection = c.Database.GetDbConnection();
        c.Database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = db.Provider == TestDatabase.Sqlite
            ? "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
            : "SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() " +
              "UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_bulk_load_into_empty_tables_leaves_every_index_and_constraint_as_it_was(string provider)
    {
        using var db = new TestDatabase(provider);
        var before = Schema(db);
        Assert.Contains(before, r => r.Contains("ix_members_id_hash"));
        Assert.Equal(ImportOutcome.Imported, Import(db, ExportBuilder.FromTown(20).WriteCsv(Path.Combine(db.Folder, "t.csv"))).Outcome);
        Assert.Equal(before, Schema(db));
    }

    [Theory, MemberData(nameof(Providers))]
    public void Importing_the_same_file_twice_changes_nothing_the_second_time(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(10);
        var path = b.WriteCsv(Path.Combine(db.Folder, "town.csv"));
        Assert.Equal(ImportOutcome.Imported, Import(db, path).Outcome);
        var after = Counts(db);
        Assert.Equal(ImportOutcome.Unchanged, Import(db, path).Outcome);
        Assert.Equal(after, Counts(db));
        // Same content, different bytes (as xlsx): still nothing to change.
        Assert.Equal(ImportOutcome.Unchanged, Import(db, b.WriteXlsx(Path.Combine(db.Folder, "town.xlsx"))).Outcome);
        Assert.Equal(after, Counts(db));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_newer_export_updates_what_changed_and_records_before_and_after(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(8, seed: 21);
        Import(db, b.WriteCsv(Path.Combine(db.Folder, "v1.csv")));
        var code = b.Get(0, "户编号");
        var rows = b.RowsOf(code).ToList();
        Assert.True(rows.Count >= 2);
        var leaving = b.Get(rows[^1], "姓名");
        var labourChanged = b.Get(rows[0], "姓名");
        b.Set(rows[0], "劳动技能", b.Get(rows[0], "劳动技能") == "技能劳动力" ? "普通劳动力" : "技能劳动力");
        b.SetHousehold(code, "财产性收入", (decimal.Parse(b.Get(rows[0], "财产性收入"), System.Globalization.CultureInfo.InvariantCulture) + 1000m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        b.RemoveRow(rows[^1]);
        var result = Import(db, b.WriteCsv(Path.Combine(db.Folder, "v2.csv")));

        Assert.Equal(ImportOutcome.Imported, result.Outcome);
        Assert.Equal((0, 0, 1, 1, 1), (result.Batch!.HouseholdsAdded, result.Batch.MembersAdded, result.Batch.MembersUpdated, result.Batch.MembersLeft, result.Batch.IncomeHouseholdsChanged));
        using var c = db.Store.CreateContext();
        var trace = c.AuditEntries.AsNoTracking().Where(a => a.ImportBatchId == result.Batch.Id).ToList();
        Assert.Contains(trace, a => a.Entity == "成员" && a.Action == "修改" && a.Summary.Contains(labourChanged) && a.Before!.Contains("劳动技能") && a.Before != a.After);
        Assert.Contains(trace, a => a.Entity == "成员" && a.Action == "迁出" && a.Summary.Contains(leaving) && a.After!.Contains("离开日期"));
        Assert.Contains(trace, a => a.Entity == "收入" && a.Action == "修改" && a.Before is not null && a.After is not null);
        Assert.All(trace, a => Assert.Equal("测试", a.Actor));
        Assert.DoesNotContain(trace, a => (a.Before ?? "").Contains(b.Get(rows[0], "证件号码")) || (a.After ?? "").Contains(b.Get(rows[0], "证件号码")));

        var left = c.Members.AsNoTracking().Single(m => m.Name == leaving && m.LeftOn != null);
        Assert.Equal(new DateOnly(2022, 12, 31), left.LeftOn);
        var household = IncomeQuery.ForYear(c, 2022).Single(r => r.Household.HouseholdCode == code);
        Assert.Equal(rows.Count - 1, household.Household.Income.Persons);
    }

    [Theory, MemberData(nameof(Providers))]
    public void GB18030_csv_with_title_rows_and_xlsx_are_read(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(6, seed: 8);
        b.TitleRows.Add("导出时间：2023-01-05");
        var gbk = b.WriteCsv(Path.Combine(db.Folder, "gbk.csv"), Qingling.Data.Import.Encodings.Gb18030);
        Assert.False(System.Text.Unicode.Utf8.IsValid(File.ReadAllBytes(gbk)), "the file really is not UTF-8");
        Assert.Equal(ImportOutcome.Imported, Import(db, gbk).Outcome);
        using var c = db.Store.CreateContext();
        Assert.Equal(b.Get(0, "姓名"), c.Members.AsNoTracking().OrderBy(m => m.Id).First().Name);

        using var db2 = new TestDatabase(provider);
        var result = Import(db2, b.WriteXlsx(Path.Combine(db2.Folder, "town.xlsx")));
        Assert.Equal(ImportOutcome.Imported, result.Outcome);
        Assert.Equal(b.RowCount, result.Rows);
    }

    [Theory, MemberData(nameof(Providers))]
    public void Broken_and_hostile_files_are_refused_with_a_reason(string provider)
    {
        using var db = new TestDatabase(provider);
        var notZip = Path.Combine(db.Folder, "fake.xlsx");
        File.WriteAllText(notZip, "这不是Excel文件");
        Assert.Contains("不是有效的 .xlsx", Assert.Single(Import(db, notZip).Problems.Kept).Reason);

        var noHeader = Path.Combine(db.Folder, "noheader.csv");
        File.WriteAllText(noHeader, "a,b,c\n1,2,3\n");
        Assert.Contains("表头", Assert.Single(Import(db, noHeader).Problems.Kept).Reason);

        var legacy = Path.Combine(db.Folder, "old.xls");
        File.WriteAllText(legacy, "x");
        Assert.Contains(".xlsx", Assert.Single(Import(db, legacy).Problems.Kept).Reason);

        var headerOnly = new ExportBuilder().WriteCsv(Path.Combine(db.Folder, "empty.csv"));
        Assert.Contains("没有数据行", Assert.Single(Import(db, headerOnly).Problems.Kept).Reason);

        // Every row bad: the list stays bounded and the count is exact.
        var b = ExportBuilder.FromTown(300, seed: 4);
        for (var i = 0; i < b.RowCount; i++) b.Set(i, "劳动技能", "?");
        var many = Import(db, b.WriteCsv(Path.Combine(db.Folder, "allbad.csv")));
        Assert.Equal(b.RowCount, many.Problems.Errors);
        Assert.Equal((0, 0, 0, 0, 0), Counts(db));
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_target_list_follows_the_ledger(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = new ExportBuilder()
            .Add(ExportBuilder.Household(1, HouseholdType.ExitedPoverty, 4, labour: true, 9_999.99m))
            .Add(ExportBuilder.Household(2, HouseholdType.ExitedPoverty, 3, labour: true, 10_000.00m))
            .Add(ExportBuilder.Household(3, HouseholdType.ExitedPoverty, 2, labour: false, 5_000m));
        Import(db, b.WriteCsv(Path.Combine(db.Folder, "three.csv")));
        using var c = db.Store.CreateContext();
        var target = Assert.Single(IncomeQuery.Targets(c, 2022, new TargetRule()));
        Assert.Equal((4, 9_999.99m, 0.01m), (target.Persons, target.PerCapitaNetIncome, target.Gap));

        // A manual entry for a year whose annual record is in is shown beside it, never added to it.
        c.IncomeEntries.Add(new IncomeEntry
        {
            HouseholdId = target.HouseholdId, Year = 2022, Month = 12, Category = IncomeCategory.Wage, Subcategory = "务工收入",
            Amount = 0.04m, Source = IncomeSource.Manual, RecordedBy = "测试", RecordedAt = DateTime.UtcNow,
        });
        c.SaveChanges();
        Assert.Single(IncomeQuery.Targets(c, 2022, new TargetRule()));

        // A corrected export with four fen more: the household crosses the line and leaves the list.
        b.SetHousehold(b.Get(0, "户编号"), "工资性收入", (decimal.Parse(b.Get(0, "工资性收入"), System.Globalization.CultureInfo.InvariantCulture) + 0.04m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        b.SetHousehold(b.Get(0, "户编号"), "务工收入", (decimal.Parse(b.Get(0, "务工收入"), System.Globalization.CultureInfo.InvariantCulture) + 0.04m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ImportOutcome.Imported, Import(db, b.WriteCsv(Path.Combine(db.Folder, "three-corrected.csv"))).Outcome);
        Assert.Empty(IncomeQuery.Targets(c, 2022, new TargetRule()));
        // With the line a fen above both, both are under it again: the list is derived, never stored.
        Assert.Equal(2, IncomeQuery.Targets(c, 2022, new TargetRule(IncomeLine: 10_000.01m)).Count);
    }
}
