using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Import;
using Qingling.Data.Rhythm;
using Qingling.Tests.Support;

namespace Qingling.Tests.Audit;

/// <summary>
/// Keyed digests and table seals: with the triggers dropped, each kind of change made in the database — an entry's
/// text, an entry deleted, an income amount, a member row deleted, a visit's text, a plan, a measure, a year's facts, a
/// task — makes `trace verify` exit non-zero naming it; a digest recomputed by the public formula without the key
/// file is caught; an untouched town passes; a database from before keyed digests upgrades once, traced, and passes.
/// </summary>
public class TraceProofTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static readonly string[] Tampers = ["entry-text", "entry-deleted", "income-amount", "member-deleted", "visit-text", "plan", "measure", "member-year", "task"];

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var provider in TestDatabase.Providers) foreach (var tamper in Tampers) data.Add((string)provider.Data, tamper);
            return data;
        }
    }

    /// <summary>A small town after two imports, with a verified measure (and so a household plan), a visit and a task.</summary>
    static SmallTown Town(string provider)
    {
        var town = new SmallTown(provider);
        var m = town.Measures.Add(SmallTown.Measure(town.Target1, Channels.Industry, "镇农业农村服务中心"));
        town.Measures.Move(m.Id, MeasureStatus.Done, new DateOnly(2023, 5, 1), "已种植");
        town.Measures.Move(m.Id, MeasureStatus.Verified, new DateOnly(2023, 6, 1), "核实收入", 3_000m, "务工收入");
        town.Export.SetHousehold(town.Above, "工资性收入", "47000.00");
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(town.Db.Store).Run(town.Export.WriteCsv(Path.Combine(town.Db.Folder, "t2.csv")), new ImportOptions(2022)).Outcome);
        string village;
        using (var db = town.Db.Store.CreateContext())
        {
            var villageId = db.Households.Single(h => h.Code == town.Target1).VillageId;
            village = db.Regions.Single(r => r.Id == villageId).Name;
        }
        var rhythm = new RhythmHandler(town.Db.Store, town.Plan, "测试");
        var round = rhythm.AddRound(village, new DateOnly(2023, 6, 16), new DateOnly(2023, 6, 30), null);
        rhythm.AddVisit(new VisitInput { Round = round.Id, Household = town.Target1, On = new DateOnly(2023, 6, 20), Visitors = "张三", Changes = "新种茶叶三亩" });
        rhythm.AddTask(null, "落实茶叶技术培训", "镇农业农村服务中心", new DateOnly(2023, 7, 31), [town.Target1]);
        return town;
    }

    static void DropTriggers(QinglingDbContext db)
    {
        if (db.Database.IsSqlite()) db.Database.ExecuteSqlRaw("DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");
        else db.Database.ExecuteSqlRaw("DROP TRIGGER audit_entries_no_change ON audit_entries; DROP TRIGGER audit_entries_no_truncate ON audit_entries;");
    }

    static Support.Cli.Result Verify(TestDatabase db) => Support.Cli.Run(db.Folder, ["trace", "verify", .. db.CliArguments]);

    [Theory, MemberData(nameof(Providers))]
    public void An_untouched_town_passes_with_every_table_sealed(string provider)
    {
        using var town = Town(provider);
        var run = Verify(town.Db);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("校验通过", run.Output);
        foreach (var table in new[] { "户年度信息", "成员年度信息", "一户一策1行", "走访1行", "跟进任务1行" }) Assert.Contains(table, run.Output);
        using var db = town.Db.Store.CreateContext();
        Assert.All(db.Visits.ToList(), v => Assert.NotNull(v.Digest));
        Assert.All(db.MemberYears.ToList(), f => Assert.NotNull(f.Digest));
        var seal = TableSeal.Value.Parse(db.Settings.Find(TableSeal.Setting("members"))!.Value)!.Value;
        Assert.Equal(db.Members.LongCount(), seal.Count);
    }

    /// <summary>
    /// A database keyed before a release added a sealed table (here: photos, as every town upgraded across that release)
    /// gets that table's seal, empty, on its next open, and verifies clean; a table that holds rows and lost its seal is
    /// still named, even at the open that seals new tables.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public void A_table_added_by_a_later_release_is_sealed_empty_and_a_lost_seal_is_still_named(string provider)
    {
        using var town = Town(provider);
        using (var db = town.Db.Store.CreateContext())
        {
            Assert.False(db.EvidencePhotos.Any());
            db.Database.ExecuteSqlRaw("DELETE FROM settings WHERE key IN ('seal:evidence_photos', 'seal:members', {0})", TableSeal.SealedThroughSetting);
        }
        var run = Verify(town.Db);
        Assert.True(run.ExitCode != 0, run.Output + run.Error);
        Assert.Contains("成员（members）缺少封印", run.Output);
        Assert.DoesNotContain("evidence_photos", run.Output);
        using (var db = town.Db.Store.CreateContext())
        {
            Assert.Equal("0:" + new string('0', 32), db.Settings.Find(TableSeal.Setting("evidence_photos"))!.Value);
            Assert.Null(db.Settings.Find(TableSeal.Setting("members")));
            db.Database.ExecuteSqlRaw("INSERT INTO settings (key, value) VALUES ('seal:members', {0})", "0:" + new string('0', 32));
        }
        Assert.Contains("成员（members）与封印不符", Verify(town.Db).Output);
    }

    [Theory, MemberData(nameof(Cases))]
    public void A_change_made_in_the_database_is_named(string provider, string tamper)
    {
        using var town = Town(provider);
        string expected;
        using (var db = town.Db.Store.CreateContext())
        {
            DropTriggers(db);
            var entries = db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToList();
            var middle = entries[entries.Count / 2];
            switch (tamper)
            {
                case "entry-text":
                    db.Database.ExecuteSqlRaw("UPDATE audit_entries SET summary = summary || '（已改）' WHERE id = {0}", middle);
                    expected = $"第{middle}条";
                    break;
                case "entry-deleted":
                    db.Database.ExecuteSqlRaw("DELETE FROM audit_entries WHERE id = {0}", middle);
                    expected = "有条目被删除";
                    break;
                case "income-amount":
                    var income = db.IncomeEntries.OrderBy(e => e.Id).Skip(3).Select(e => e.Id).First();
                    Tamper.Visibly(db, town.Db, typeof(Qingling.Core.Income.IncomeEntry), r => ((Qingling.Core.Income.IncomeEntry)r).Id == income, "amount", _ =>
                        db.Database.ExecuteSqlRaw(db.Database.IsSqlite()
                            ? "UPDATE income_entries SET amount = amount + 10000 WHERE id = {0}"
                            : "UPDATE income_entries SET amount = amount + 100 WHERE id = {0}", income));
                    expected = $"收入台账（income_entries）id={income}的字段 amount 被库外改动";
                    break;
                case "member-deleted":
                    var member = db.Members.OrderBy(m => m.Id).Skip(2).Select(m => m.Id).First();
                    db.Database.ExecuteSqlRaw("DELETE FROM member_years WHERE member_id = {0}", member);
                    db.Database.ExecuteSqlRaw("DELETE FROM members WHERE id = {0}", member);
                    expected = $"成员（members）与封印不符（封印记{db.Members.Count() + 1}行，实有{db.Members.Count()}行），少了1行：有行在库外被删除；编号空缺（被删除的行在其中）：id={member}";
                    break;
                case "visit-text":
                    var visit = db.Visits.Single().Id;
                    Tamper.Visibly(db, town.Db, typeof(Qingling.Core.Rhythm.Visit), r => ((Qingling.Core.Rhythm.Visit)r).Id == visit, "changes", n =>
                        db.Database.ExecuteSqlRaw("UPDATE visits SET changes = {1} WHERE id = {0}", visit, Tamper.Attempt("未发现变化", n)));
                    expected = $"走访（visits）id={visit}的字段 changes 被库外改动";
                    break;
                case "plan":
                    var plan = db.HouseholdPlans.Single().Id;
                    Tamper.Visibly(db, town.Db, typeof(HouseholdPlan), r => ((HouseholdPlan)r).Id == plan, "wishes", n =>
                        db.Database.ExecuteSqlRaw("UPDATE household_plans SET wishes = {1} WHERE id = {0}", plan, Tamper.Attempt("库外改写", n)));
                    expected = $"一户一策（household_plans）id={plan}的字段 wishes 被库外改动";
                    break;
                case "measure":
                    var measure = db.Measures.Single().Id;
                    Tamper.Visibly(db, town.Db, typeof(Measure), r => ((Measure)r).Id == measure, "description", n =>
                        db.Database.ExecuteSqlRaw("UPDATE measures SET description = {1} WHERE id = {0}", measure, Tamper.Attempt("库外改写", n)));
                    expected = $"帮扶措施（measures）id={measure}的字段 description 被库外改动";
                    break;
                case "member-year":
                    var fact = db.MemberYears.OrderBy(f => f.MemberId).First();
                    Tamper.Visibly(db, town.Db, fact.GetType(), r => r is Qingling.Core.Households.MemberYearFacts m && m.MemberId == fact.MemberId && m.Year == fact.Year, "months_worked", _ =>
                        db.Database.ExecuteSqlRaw("UPDATE member_years SET months_worked = months_worked + 3 WHERE member_id = {0} AND year = {1}", fact.MemberId, fact.Year));
                    expected = $"成员年度信息（member_years）member_id={fact.MemberId},year={fact.Year}的字段 months_worked 被库外改动";
                    break;
                case "task":
                    var task = db.Tasks.Single().Id;
                    Tamper.Visibly(db, town.Db, typeof(Qingling.Core.Rhythm.FollowUpTask), r => ((Qingling.Core.Rhythm.FollowUpTask)r).Id == task, "title", n =>
                        db.Database.ExecuteSqlRaw("UPDATE tasks SET title = {1} WHERE id = {0}", task, Tamper.Attempt("库外改写", n)));
                    expected = $"跟进任务（tasks）id={task}的字段 title 被库外改动";
                    break;
                default: throw new ArgumentException(tamper);
            }
        }
        var run = Verify(town.Db);
        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains("校验未通过", run.Output);
        Assert.Contains(expected, run.Output);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_digest_recomputed_by_the_public_formula_without_the_key_is_caught(string provider)
    {
        using var town = Town(provider);
        long id;
        using (var db = town.Db.Store.CreateContext())
        {
            DropTriggers(db);
            var entry = db.IncomeEntries.AsNoTracking().OrderBy(e => e.Id).Skip(2).First();
            id = entry.Id;
            entry.Amount += 5_000m;
            // The formula is in the README: someone who knows it but has no key file can only guess a key.
            var shape = RowDigest.For(db.Model.FindEntityType(typeof(Core.Income.IncomeEntry))!)!;
            var forged = RowDigest.Of(shape, RandomNumberGenerator.GetBytes(32), entry);
            db.Database.ExecuteSqlRaw(db.Database.IsSqlite()
                ? "UPDATE income_entries SET amount = amount + 500000, digest = {1} WHERE id = {0}"
                : "UPDATE income_entries SET amount = amount + 5000, digest = {1} WHERE id = {0}", id, forged);
            // With the right key the forgery would pass: the key is what stops it.
            Assert.Equal(RowDigest.Of(shape, db.DigestKey!, entry).Length, forged.Length);
        }
        var run = Verify(town.Db);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"收入台账（income_entries）id={id}", run.Output);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_database_from_before_keyed_digests_upgrades_once_traced_and_verifies_clean(string provider)
    {
        using var town = Town(provider);
        long members;
        using (var db = town.Db.Store.CreateContext())
        {
            // As the previous version left it: unkeyed digests on five tables, none on the others, no seals, no scheme.
            db.Database.ExecuteSqlRaw("DELETE FROM settings WHERE key LIKE 'seal:%' OR key = 'row_digest_scheme'");
            db.Database.ExecuteSqlRaw("UPDATE household_years SET digest = NULL; UPDATE member_years SET digest = NULL; UPDATE household_plans SET digest = NULL; " +
                "UPDATE visits SET digest = NULL; UPDATE reviews SET digest = NULL; UPDATE tasks SET digest = NULL");
            var old = SHA256.HashData("旧版摘要"u8);
            db.Database.ExecuteSqlRaw("UPDATE members SET digest = {0}", old);
            members = db.Members.LongCount();
        }
        var run = Verify(town.Db);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("校验通过", run.Output);
        using (var db = town.Db.Store.CreateContext())
        {
            var upgrade = db.AuditEntries.Where(a => a.Action == "升级" && a.Entity == "行摘要").ToList();
            Assert.Single(upgrade);
            Assert.Contains($"成员{members}行", upgrade[0].Summary);
            Assert.Equal(DigestUpgrade.Scheme, db.Settings.Find(DigestUpgrade.SchemeSetting)!.Value);
        }
        // Once: a second open neither recomputes nor traces again.
        Assert.Equal(0, Verify(town.Db).ExitCode);
        using (var db = town.Db.Store.CreateContext())
            Assert.Single(db.AuditEntries.Where(a => a.Action == "升级" && a.Entity == "行摘要").ToList());
    }

    [Theory, MemberData(nameof(Providers))]
    public void Writers_changing_rows_at_once_keep_the_seals_whole(string provider)
    {
        using var town = new SmallTown(provider);
        List<long> ids;
        using (var db = town.Db.Store.CreateContext()) ids = db.Members.OrderBy(m => m.Id).Select(m => m.Id).Take(4).ToList();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, w =>
        {
            for (var i = 0; i < 5; i++)
            {
                using var db = town.Db.Store.CreateContext();
                var m = db.Members.Single(x => x.Id == ids[w]);
                m.MonthsWorked = i + 1;
                AuditLog.Add(db, $"写入者{w}", "修改", "成员", $"第{i}次");
                db.SaveChanges();
            }
        });
        using var check = town.Db.Store.CreateContext();
        var report = TraceVerifier.Verify(check, t => t.ToString("O"));
        Assert.True(report.Ok, string.Join("\n", report.Lines(t => t.ToString("O"))));
    }
}
