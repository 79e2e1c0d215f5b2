using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Import;
using Qingling.Tests.Support;

namespace Qingling.Tests.Audit;

/// <summary>
/// The trace proves itself: on an untouched town `qingling trace verify` passes; with the triggers dropped, an entry's
/// text changed, an entry deleted from the middle or the end, and an income amount changed in the database are each
/// found and named, on SQLite and PostgreSQL.
/// </summary>
public class TraceChainTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>A small town with traced changes of every path: bulk import, a second import's updates, a measure verified with income.</summary>
    static SmallTown Town(string provider)
    {
        var town = new SmallTown(provider);
        var handler = town.Measures;
        var m = handler.Add(SmallTown.Measure(town.Target1, Channels.Industry, "镇农业农村服务中心"));
        handler.Move(m.Id, MeasureStatus.Done, new DateOnly(2023, 5, 1), "已种植");
        handler.Move(m.Id, MeasureStatus.Verified, new DateOnly(2023, 6, 1), "核实收入", 3_000m, "务工收入");
        // A corrected export of the same year: a household's phone and income change (tracked updates, traced).
        town.Export.SetHousehold(town.Above, "工资性收入", "47000.00");
        var result = new ImportHandler(town.Db.Store).Run(town.Export.WriteCsv(Path.Combine(town.Db.Folder, "t2.csv")), new ImportOptions(2022));
        Assert.Equal(ImportOutcome.Imported, result.Outcome);
        return town;
    }

    static void DropTriggers(QinglingDbContext db)
    {
        if (db.Database.IsSqlite()) db.Database.ExecuteSqlRaw("DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");
        else db.Database.ExecuteSqlRaw("DROP TRIGGER audit_entries_no_change ON audit_entries; DROP TRIGGER audit_entries_no_truncate ON audit_entries;");
    }

    static Support.Cli.Result Verify(TestDatabase db, params string[] extra) => Support.Cli.Run(db.Folder, ["trace", "verify", .. db.CliArguments, .. extra]);

    static long MiddleEntry(QinglingDbContext db)
    {
        var ids = db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToList();
        Assert.True(ids.Count >= 5, $"only {ids.Count} trace entries");
        return ids[ids.Count / 2];
    }

    [Theory, MemberData(nameof(Providers))]
    public void An_untouched_town_passes_and_reports_what_it_checked(string provider)
    {
        using var town = Town(provider);
        var run = Verify(town.Db);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("校验通过", run.Output);
        using var db = town.Db.Store.CreateContext();
        var head = TraceHead.Read(db)!.Value;
        Assert.Contains($"第{head.Id}条", run.Output);
        Assert.Contains(head.Hash[..16], run.Output);
        Assert.Contains($"核对留痕{db.AuditEntries.Count()}条", run.Output);
        Assert.Contains($"收入台账{db.IncomeEntries.Count()}行", run.Output);
        Assert.Contains($"措施状态变更{db.MeasureStatusChanges.Count()}行", run.Output);
        Assert.All(db.IncomeEntries.ToList(), e => Assert.NotNull(e.Digest));
    }

    [Theory, MemberData(nameof(Providers))]
    public void An_entry_whose_text_was_changed_is_named(string provider)
    {
        using var town = Town(provider);
        long id;
        using (var db = town.Db.Store.CreateContext())
        {
            DropTriggers(db);
            id = MiddleEntry(db);
            db.Database.ExecuteSqlRaw("UPDATE audit_entries SET summary = summary || '（已改）' WHERE id = {0}", id);
        }
        var run = Verify(town.Db);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("校验未通过", run.Output);
        Assert.Contains($"第一处：第{id}条", run.Output);
        Assert.Contains("内容被改动", run.Output);
    }

    [Theory, MemberData(nameof(Providers))]
    public void An_entry_deleted_from_the_middle_is_found_at_the_next_one(string provider)
    {
        using var town = Town(provider);
        long id, next;
        using (var db = town.Db.Store.CreateContext())
        {
            DropTriggers(db);
            id = MiddleEntry(db);
            next = db.AuditEntries.Where(a => a.Id > id).Min(a => a.Id);
            db.Database.ExecuteSqlRaw("DELETE FROM audit_entries WHERE id = {0}", id);
        }
        var run = Verify(town.Db);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"第一处：第{next}条", run.Output);
        Assert.Contains("有条目被删除", run.Output);
    }

    [Theory, MemberData(nameof(Providers))]
    public void An_income_amount_changed_in_the_database_is_named_by_table_key_and_field(string provider)
    {
        using var town = Town(provider);
        long id;
        using (var db = town.Db.Store.CreateContext())
        {
            DropTriggers(db);
            var entry = db.IncomeEntries.OrderBy(e => e.Id).Skip(3).Select(e => e.Id).First();
            id = entry;
            // SQLite keeps fen, PostgreSQL yuan: either way, 100 yuan more on paper.
            Tamper.Visibly(db, town.Db, typeof(Qingling.Core.Income.IncomeEntry), r => ((Qingling.Core.Income.IncomeEntry)r).Id == entry, "amount", _ =>
                db.Database.ExecuteSqlRaw(db.Database.IsSqlite()
                    ? "UPDATE income_entries SET amount = amount + 10000 WHERE id = {0}"
                    : "UPDATE income_entries SET amount = amount + 100 WHERE id = {0}", entry));
        }
        var run = Verify(town.Db);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"收入台账（income_entries）id={id}的字段 amount 被库外改动", run.Output);
        Assert.DoesNotContain("留痕问题", run.Output); // the chain itself is intact
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_last_entries_deleted_or_rows_changed_elsewhere_are_found(string provider)
    {
        using var town = Town(provider);
        long last;
        string memberName;
        using (var db = town.Db.Store.CreateContext())
        {
            DropTriggers(db);
            last = db.AuditEntries.Max(a => a.Id);
            db.Database.ExecuteSqlRaw("DELETE FROM audit_entries WHERE id = {0}", last);
            var member = db.Members.OrderBy(m => m.Id).First();
            memberName = member.Name;
            Tamper.Visibly(db, town.Db, typeof(Qingling.Core.Households.Member), r => ((Qingling.Core.Households.Member)r).Id == member.Id, "labour", _ =>
                db.Database.ExecuteSqlRaw("UPDATE members SET labour = labour + 1 WHERE id = {0}", member.Id));
            var measure = db.Measures.OrderBy(m => m.Id).Select(m => m.Id).First();
            Tamper.Visibly(db, town.Db, typeof(Measure), r => ((Measure)r).Id == measure, "expected_gain", _ =>
                db.Database.ExecuteSqlRaw("UPDATE measures SET expected_gain = expected_gain + 1 WHERE id = {0}", measure));
        }
        using (var db = town.Db.Store.CreateContext())
        {
            var report = TraceVerifier.Verify(db, t => t.ToString("O"));
            Assert.False(report.Ok);
            Assert.Contains(report.EntryProblems, p => p.Contains($"最后一条是第{last - 1}条") || p.Contains("链尾的条目被删除"));
            Assert.Contains(report.RowProblems, p => p.Contains("成员（members）") && p.Contains("labour"));
            Assert.Contains(report.RowProblems, p => p.Contains("帮扶措施（measures）") && p.Contains("expected_gain"));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void Timestamps_with_sub_microsecond_ticks_hash_the_same_after_the_round_trip(string provider)
    {
        using var database = new TestDatabase(provider);
        using (var db = database.Store.CreateContext())
        {
            var e = AuditLog.Add(db, "测试", "新增", "测试", "带100纳秒的时间");
            e.At = new DateTime(2026, 11, 29, 10, 11, 12, DateTimeKind.Utc).AddTicks(1_234_567);
            AuditLog.Add(db, "测试", "新增", "测试", "本地时区种类的时间").At = new DateTime(2026, 11, 29, 18, 0, 0, DateTimeKind.Unspecified).AddTicks(9);
            db.SaveChanges();
            Assert.True(e.Id > 0);
        }
        using (var db = database.Store.CreateContext())
        {
            var report = TraceVerifier.Verify(db, t => t.ToString("O"));
            Assert.True(report.Ok, string.Join("\n", report.Lines(t => t.ToString("O"))));
            Assert.Equal(2, report.EntriesChecked);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void Two_writers_appending_at_once_do_not_fork_the_chain(string provider)
    {
        using var database = new TestDatabase(provider);
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, w =>
        {
            for (var i = 0; i < 15; i++)
            {
                using var db = database.Store.CreateContext();
                AuditLog.Add(db, $"写入者{w}", "新增", "测试", $"第{i}条");
                AuditLog.Add(db, $"写入者{w}", "修改", "测试", $"第{i}条之二");
                db.SaveChanges();
            }
        });
        using var check = database.Store.CreateContext();
        var entries = check.AuditEntries.OrderBy(a => a.Id).ToList();
        Assert.Equal(120, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.PrevHash).Distinct().Count());
        Assert.True(TraceVerifier.Verify(check, t => t.ToString("O")).Ok);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_database_from_before_the_chain_is_chained_in_id_order_once(string provider)
    {
        using var database = new TestDatabase(provider);
        using (var db = database.Store.CreateContext())
        {
            // Entries as an older version wrote them (no hash), and the marker the upgrade leaves.
            for (var i = 0; i < 3; i++)
                db.Database.ExecuteSqlRaw("INSERT INTO audit_entries (at, actor, action, entity, summary) VALUES ({0}, '旧版', '新增', '户', {1})",
                    new DateTime(2023, 1, 1, 0, 0, i, DateTimeKind.Utc), $"旧条目{i}");
            db.Settings.Add(new Setting { Key = TraceChain.BackfillSetting, Value = "1" });
            db.SaveChanges();
        }
        database.Store.Options.Migrate();
        using (var db = database.Store.CreateContext())
        {
            Assert.All(db.AuditEntries.ToList(), e => Assert.NotNull(e.Hash));
            Assert.Null(db.Settings.Find(TraceChain.BackfillSetting));
            Assert.True(TraceVerifier.Verify(db, t => t.ToString("O")).Ok);
            // An entry slipped in later without a hash is not sealed by the next start-up: it stays named.
            db.Database.ExecuteSqlRaw("INSERT INTO audit_entries (at, actor, action, entity, summary) VALUES ({0}, '库外', '新增', '户', '插入')", DateTime.UtcNow);
        }
        database.Store.Options.Migrate();
        using (var db = database.Store.CreateContext())
        {
            var report = TraceVerifier.Verify(db, t => t.ToString("O"));
            Assert.Contains(report.EntryProblems, p => p.Contains("没有哈希"));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void Verify_from_an_entry_checks_the_rest_of_the_chain(string provider)
    {
        using var town = Town(provider);
        long id;
        using (var db = town.Db.Store.CreateContext()) id = MiddleEntry(db);
        var run = Verify(town.Db, "--from", id.ToString());
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        string hash, headHash;
        using (var db = town.Db.Store.CreateContext())
        {
            hash = db.AuditEntries.Single(a => a.Id == id).Hash!;
            headHash = TraceHead.Read(db)!.Value.Hash;
        }
        var head = Support.Cli.Run(town.Db.Folder, ["trace", "head", .. town.Db.CliArguments]);
        Assert.True(head.ExitCode == 0, head.Error);
        Assert.Contains(headHash, head.Output);
        var atEntry = Support.Cli.Run(town.Db.Folder, ["trace", "head", "--entry", id.ToString(), .. town.Db.CliArguments]);
        Assert.Contains($"第{id}条", atEntry.Output);
        Assert.Contains(hash, atEntry.Output);
        var bad = Verify(town.Db, "--from", "昨天");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--from", bad.Error);
    }
}
