using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Core.Rhythm;
using Qingling.Core.Supervision;
using Qingling.Data.Demo;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Data.Supervision;
using Qingling.Tests.Support;

namespace Qingling.Tests.Supervision;

/// <summary>督办: the board of open and overdue work, reminders sent, seen and done, and the review cadence.</summary>
public class SupervisionTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    static readonly DateOnly June30 = new(2023, 6, 30);

    [Theory]
    [InlineData(null, "2023-01-15", null)]
    [InlineData(null, "2023-01-17", 1)]
    [InlineData("2023-06-15", "2023-06-30", null)]
    [InlineData("2023-06-15", "2023-07-15", 15)]
    public void The_review_is_overdue_once_the_plans_interval_has_passed(string? last, string date, int? late)
    {
        DateOnly? held = last is null ? null : DateOnly.Parse(last);
        Assert.Equal(late, Cadence.ReviewOverdueDays(held, DateOnly.Parse(date), 15, 2023));
        Assert.Equal(late is not null, Cadence.ReviewOverdueNote(held, DateOnly.Parse(date), 15, 2023) is not null);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_reminder_is_refused_with_every_reason_sent_seen_by_its_recipient_only_and_done_once(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        var town = new SupervisionHandler(db.Store, plan, "乡村振兴办");
        var e = Assert.Throws<InvalidOperationException>(() => town.Send("镇彩票站", " ", new DateOnly(2023, 6, 1), June30));
        Assert.Contains("“镇彩票站”既不是方案的责任单位，也不是村（社区）", e.Message);
        Assert.Contains("请写明督办事项", e.Message);
        Assert.Contains("办结期限2023-06-01早于督办日期2023-06-30", e.Message);

        var sent = town.Send("芒来村", "7月10日前完成未走访户的入户排查", new DateOnly(2023, 7, 10), June30);
        town.Send("镇农业农村服务中心", "核实已完成的产业措施收入", new DateOnly(2023, 7, 5), June30);
        Assert.Equal(["芒来村"], town.Reminders(r => r == "芒来村").Select(r => r.Recipient));
        Assert.Equal(1, town.Board(June30).Single(r => r.Owner == "芒来村").OpenReminders);

        var other = new SupervisionHandler(db.Store, plan, "农业中心");
        Assert.Throws<KeyNotFoundException>(() => other.Complete(sent.Id, new DateOnly(2023, 7, 8), "已完成", r => r == "镇农业农村服务中心"));
        var village = new SupervisionHandler(db.Store, plan, "芒来村干部");
        Assert.Contains("请写明办理情况", Assert.Throws<InvalidOperationException>(() => village.Complete(sent.Id, new DateOnly(2023, 7, 8), "", r => r == "芒来村")).Message);
        var done = village.Complete(sent.Id, new DateOnly(2023, 7, 8), "已走访全部未走访户", r => r == "芒来村");
        Assert.Equal((new DateOnly(2023, 7, 8), "芒来村干部"), (done.DoneOn, done.DoneBy));
        Assert.Contains("已于2023-07-08办结", Assert.Throws<InvalidOperationException>(() => village.Complete(sent.Id, new DateOnly(2023, 7, 9), "再次", r => r == "芒来村")).Message);
        using var c = db.Store.CreateContext();
        Assert.Equal(3, c.AuditEntries.Count(a => a.Entity == "督办"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_board_shows_an_overdue_measure_against_its_department_and_village_and_nobody_else(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        var handler = new SupervisionHandler(db.Store, plan, "乡村振兴办");
        var before = handler.Board(June30).ToDictionary(r => r.Owner);
        Assert.Equal(plan.Departments.Count + 8, before.Count);
        long id;
        string village, department;
        using (var c = db.Store.CreateContext())
        {
            var m = c.Measures.Where(m => m.Status == MeasureStatus.UnderWay && m.End == new DateOnly(2023, 12, 31)).OrderBy(m => m.Id).First();
            m.End = new DateOnly(2023, 6, 10);
            c.SaveChanges();
            (id, village, department) = (m.Id, c.Regions.Where(r => r.Id == m.VillageId).Select(r => r.Name).Single(), m.Department);
        }
        var after = handler.Board(June30).ToDictionary(r => r.Owner);
        foreach (var (owner, row) in before)
        {
            var expected = owner == village || owner == department ? row.OverdueMeasures + 1 : row.OverdueMeasures;
            Assert.Equal(expected, after[owner].OverdueMeasures);
        }
        Assert.Contains(after[village].OverdueItems, i => i.StartsWith($"措施#{id} "));
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_board_from_the_progress_and_integrity_report_the_web_keeps_is_the_board_read_afresh(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        var handler = new SupervisionHandler(db.Store, plan, "乡村振兴办");
        Core.Indicators.ProgressInput input;
        Core.Integrity.IntegrityReport report;
        using (var c = db.Store.CreateContext())
        {
            input = Data.Measures.ProgressQuery.Load(c, plan).At(June30);
            report = Data.Integrity.IntegrityQuery.Run(c, plan.Year, new Core.Integrity.IntegritySettings { Line = plan.IncomeLine });
        }
        static string Show(IEnumerable<SupervisionRow> rows) => string.Join("\n", rows.Select(r => $"{r with { OverdueItems = [] }} {string.Join("|", r.OverdueItems)}"));
        Assert.Equal(Show(handler.Board(June30)), Show(handler.Board(June30, default, input, report)));
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_review_pack_says_when_the_half_monthly_review_is_overdue(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        ReviewPack Pack(DateOnly on) { using var c = db.Store.CreateContext(); return ReviewPackBuilder.Build(c, plan, on); }
        Assert.Contains("2023年尚未召开过研判", Pack(new DateOnly(2023, 6, 15)).ReviewOverdue);
        new RhythmHandler(db.Store, plan, "测试").Hold(Pack(new DateOnly(2023, 6, 15)), ReviewKind.HalfMonthly);
        Assert.Null(Pack(June30).ReviewOverdue);
        Assert.Contains("距上次研判（2023-06-15）已30天", Pack(new DateOnly(2023, 7, 15)).ReviewOverdue);
    }
}
