using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Indicators;
using Qingling.Core.Rhythm;
using Qingling.Data.Demo;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Tests.Support;

namespace Qingling.Tests.Rhythm;

/// <summary>The rhythm end to end: a screening visit pushes a household under the line, the pack shows why, a task goes overdue.</summary>
public class RhythmTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>The 脱贫户 with labour of 勐永社区, not yet in the campaign, closest above the line by projected income on a date.</summary>
    public static (string Code, decimal PerCapita, int Persons) NearTheLine(Data.Database.Store store, DateOnly date)
    {
        using var db = store.CreateContext();
        var plan = new PlanHandler(store, "测试").Get(null);
        var input = ProgressQuery.Build(db, plan, date);
        var rule = plan.TargetRule;
        var h = input.Households
            .Where(h => h.Village == "勐永社区" && !input.PlanHouseholds.Contains(h.HouseholdId) && rule.InScope(h.Type, h.Monitoring) && h.Members.Any(m => rule.IsLabour(m.Labour)) && h.Projected.PerCapitaNetIncome >= plan.IncomeLine)
            .OrderBy(h => h.Projected.PerCapitaNetIncome).First();
        return (h.Code, h.Projected.PerCapitaNetIncome!.Value, h.Projected.Persons);
    }

    /// <summary>A yearly loss from July that takes the household 1,000 yuan per person under the line.</summary>
    public static decimal LossToGoUnder(decimal perCapita, int persons) => -Math.Ceiling((perCapita - 9_000m) * persons * 2m);

    [Theory, MemberData(nameof(Providers))]
    public void A_visit_pushes_a_household_under_the_line_and_the_pack_says_why_then_a_task_goes_overdue(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        string[] on = db.CliArguments;
        Cli(db, "review", "--date", "2023-06-15", "--hold");
        var round = Cli(db, "screening", "round", "--village", "勐永社区", "--from", "2023-06-16", "--to", "2023-06-30");
        var roundId = System.Text.RegularExpressions.Regex.Match(round, "排查#(\\d+)").Groups[1].Value;
        var (code, perCapita, persons) = NearTheLine(db.Store, new DateOnly(2023, 6, 30));
        var visit = Cli(db, "screening", "visit", "--round", roundId, "--household", code, "--date", "2023-06-20", "--visitors", "岩明、李华",
            "--changes", "户主务工的工厂停产，已返乡", "--risks", "因务工就业不稳", "--words", "想在附近找活干",
            "--expected-change", LossToGoUnder(perCapita, persons).ToString(System.Globalization.CultureInfo.InvariantCulture), "--change-from-month", "7");
        Assert.Contains("已建立跟进任务", visit);

        var pack = Pack(db, "2023-06-30", hold: true);
        var entered = Assert.Single(pack.Entered);
        Assert.Equal(code, entered.Code);
        Assert.Contains(entered.Reasons, r => r.Contains("入户走访（岩明、李华）") && r.Contains("工厂停产") && r.Contains("预计年收入减少"));
        Assert.Contains(pack.UnderLineWithoutMeasure, h => h.Code == code);
        Assert.Equal(new DateOnly(2023, 6, 15), pack.LastReviewDate);
        Assert.Contains(pack.Tasks, t => t.Households.Contains(code) && t.Owner == "勐永社区" && !t.Overdue);
        Assert.NotNull(pack.Indicators.Single(i => i.Key == "under-line-projected").AtLastReview);

        using (var c = db.Store.CreateContext())
        {
            var review = c.Reviews.AsNoTracking().Single(r => r.On == new DateOnly(2023, 6, 30));
            Cli(db, "tasks", "add", "--review", review.Id.ToString(), "--title", "为户主联系帮扶车间岗位", "--owner", "镇社会保障服务中心", "--due", "2023-07-10", "--households", code);
        }
        var next = Pack(db, "2023-07-15");
        var task = next.Tasks.Single(t => t.Title == "为户主联系帮扶车间岗位");
        Assert.True(task.Overdue);
        Assert.Empty(next.Entered); // compared with the frozen 6/30 pack, the household is no news
        var text = Cli(db, "review", "--date", "2023-07-15");
        Assert.Contains("为户主联系帮扶车间岗位（镇社会保障服务中心，2023-07-10前）逾期", text);

        var done = Cli(db, "tasks", "done", task.Id.ToString(), "--date", "2023-07-16", "--note", "已安排到帮扶车间");
        Assert.Contains("已完成", done);
        Assert.False(Pack(db, "2023-07-31").Tasks.Single(t => t.Id == task.Id).Overdue);

        var status = Cli(db, "screening", "status", "--round", roundId);
        Assert.Contains($"2023-06-20 {code} 岩明、李华", status);
        Assert.Contains("尚未走访", status);
        Assert.Contains("召开研判2次", Cli(db, "quarter", "--year", "2023", "--quarter", "2"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_held_review_keeps_what_it_showed_even_after_data_is_corrected(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        ReviewPack Build(string date) { using var c = db.Store.CreateContext(); return ReviewPackBuilder.Build(c, plan, DateOnly.Parse(date)); }
        var first = Build("2023-06-15");
        new RhythmHandler(db.Store, plan, "测试").Hold(first, ReviewKind.HalfMonthly);
        var trainedThen = first.Indicators.Single(i => i.Key == "trained").Value;

        // A correction afterwards: more training recorded as done back in May.
        using (var c = db.Store.CreateContext())
        {
            var training = c.Measures.AsNoTracking().First(m => m.Channel == "training" && m.Status == Core.Measures.MeasureStatus.UnderWay);
            new MeasureHandler(db.Store, plan, "测试").Move(training.Id, Core.Measures.MeasureStatus.Done, new DateOnly(2023, 5, 30), "补录结业证书");
        }
        var later = Build("2023-06-30");
        var trained = later.Indicators.Single(i => i.Key == "trained");
        Assert.Equal(trainedThen, trained.AtLastReview); // what was said on 6/15
        Assert.Equal(trainedThen + 1, trained.Value);
        Assert.Throws<InvalidOperationException>(() => new RhythmHandler(db.Store, plan, "测试").Hold(first, ReviewKind.HalfMonthly));

        // A review dated in another year (a typo) is refused, and nothing is held or frozen.
        int Reviews() { using var c = db.Store.CreateContext(); return c.Reviews.Count() + c.Set<Qingling.Data.Assessment.FrozenScorecard>().Count(); }
        var before = Reviews();
        var typo = Assert.Throws<InvalidOperationException>(() => new RhythmHandler(db.Store, plan, "测试").Hold(Build("2033-06-30"), ReviewKind.HalfMonthly));
        Assert.Contains("不在方案", typo.Message);
        Assert.Equal(before, Reviews());
    }

    [Theory, MemberData(nameof(Providers))]
    public void Bad_visits_and_tasks_are_refused_with_reasons(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        var handler = new RhythmHandler(db.Store, plan, "测试");
        var round = handler.AddRound("勐永社区", new DateOnly(2023, 6, 16), new DateOnly(2023, 6, 30), null);
        string manglai;
        using (var c = db.Store.CreateContext())
        {
            var village = c.Regions.Single(r => r.Name == "芒来村").Id;
            manglai = c.Households.First(h => h.VillageId == village).Code;
        }
        var e = Assert.Throws<InvalidOperationException>(() => handler.AddVisit(new VisitInput { Round = round.Id, Household = manglai, On = new DateOnly(2023, 7, 2), Risks = ["因懒"] }));
        Assert.Contains("不在本次排查的村", e.Message);
        Assert.Contains("不在排查期间", e.Message);
        Assert.Contains("请写明走访人", e.Message);
        Assert.Contains("未知的风险“因懒”", e.Message);
        Assert.Contains("既不是方案的责任单位", Assert.Throws<InvalidOperationException>(() => handler.AddTask(null, "x", "县教育局", new DateOnly(2023, 7, 1), [])).Message);
        string mengyong;
        using (var c = db.Store.CreateContext())
        {
            var village = c.Regions.Single(r => r.Name == "勐永社区").Id;
            mengyong = c.Households.First(h => h.VillageId == village).Code;
        }
        var good = new VisitInput { Round = round.Id, Household = mengyong, On = new DateOnly(2023, 6, 20), Visitors = "岩明", Income = [new VisitIncome("工资性", "务工收入", 1_200m, 6)] };
        var many = Assert.Throws<InvalidOperationException>(() => handler.AddVisits([good, good with { Household = manglai }]));
        Assert.Contains("第2条", many.Message);
        Assert.Contains("全部未保存", many.Message);
        using var check = db.Store.CreateContext();
        Assert.Equal(0, check.Visits.Count());
        Assert.Equal(0, check.IncomeEntries.Count(e => e.Note != null && e.Note.StartsWith("入户走访")));
        Assert.Equal(1, handler.AddVisits([good]));
    }

    static string Cli(TestDatabase db, params string[] args)
    {
        var r = Support.Cli.Run(db.Folder, [.. args, .. db.CliArguments]);
        Assert.True(r.ExitCode == 0, $"qingling {string.Join(' ', args)}: {r.Error}{r.Output}");
        return r.Output;
    }

    static ReviewPack Pack(TestDatabase db, string date, bool hold = false) =>
        JsonSerializer.Deserialize<ReviewPack>(Cli(db, ["review", "--date", date, "--format", "json", .. (hold ? new[] { "--hold" } : [])]),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })!;
}
