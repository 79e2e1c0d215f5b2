using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Assessment;
using Qingling.Core.Measures;
using Qingling.Core.Rhythm;
using Qingling.Data.Assessment;
using Qingling.Data.Demo;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Tests.Support;

namespace Qingling.Tests.Assessment;

/// <summary>On the demo town: a score moves only when its facts move, and a closed period does not move at all.</summary>
public class AssessmentDataTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    static readonly AssessmentPeriod Q2 = AssessmentPeriod.Of(AssessmentPeriod.Quarter, 2023, 2);
    static readonly AssessmentPeriod Q3 = AssessmentPeriod.Of(AssessmentPeriod.Quarter, 2023, 3);

    static Dictionary<(UnitKind, string), decimal> Scores(TestDatabase db, AssessmentPeriod period)
    {
        using var c = db.Store.CreateContext();
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        return AssessmentHandler.Compute(c, plan, period, "测试").Scores.ToDictionary(s => (s.Kind, s.Unit), s => s.Score);
    }

    /// <summary>A measure under way, due at the year's end, made due within the quarter: it is now overdue. Returns its village and department.</summary>
    static (string Village, string Department) MakeOneMeasureOverdue(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        var m = c.Measures.Where(m => m.Status == MeasureStatus.UnderWay && m.End == new DateOnly(2023, 12, 31)).OrderBy(m => m.Id).First();
        m.End = new DateOnly(2023, 6, 10);
        c.SaveChanges();
        return (c.Regions.Where(r => r.Id == m.VillageId).Select(r => r.Name).Single(), m.Department);
    }

    static void AssertOnlyThoseMoved(Dictionary<(UnitKind, string), decimal> before, Dictionary<(UnitKind, string), decimal> after, params (UnitKind, string)[] moved)
    {
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (key, score) in before)
            if (!moved.Contains(key)) Assert.True(score == after[key], $"{key} moved from {score} to {after[key]} though none of its facts did");
    }

    [Theory, MemberData(nameof(Providers))]
    public void An_overdue_measure_lowers_its_departments_and_its_villages_score_and_nobody_elses(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var before = Scores(db, Q2);
        Assert.Contains(before.Keys, k => k.Item1 == UnitKind.AssignedUnit);
        Assert.Contains(before.Keys, k => k.Item1 == UnitKind.WorkTeam);

        var (village, department) = MakeOneMeasureOverdue(db);
        var after = Scores(db, Q2);
        Assert.True(after[(UnitKind.Village, village)] < before[(UnitKind.Village, village)], $"{village} did not go down");
        Assert.True(after[(UnitKind.Department, department)] < before[(UnitKind.Department, department)], $"{department} did not go down");
        AssertOnlyThoseMoved(before, after, (UnitKind.Village, village), (UnitKind.Department, department));
    }

    /// <summary>
    /// An open 诚信预警 is a suspicion and costs nobody a point; once confirmed (the paper income taken out and the real
    /// amount recorded in its place), it is a deduction for the units answering for that household and for no one else.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public void Only_a_confirmed_paper_increase_costs_points_and_only_to_the_units_answering_for_its_household(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        // A measure verified with five times the income it was planned for raises an alert (measure-above-expected).
        string code;
        using (var c = db.Store.CreateContext())
            code = c.Households.Where(h => c.Measures.Any(m => m.HouseholdId == h.Id)).OrderBy(h => h.Code).Select(h => h.Code).First();
        var measures = new Qingling.Data.Measures.MeasureHandler(db.Store, plan, "测试");
        var measure = measures.Add(new Qingling.Data.Measures.MeasureInput
        {
            Household = code, Channel = Channels.Industry, Description = "诚信扣分测试", Department = "镇农业农村服务中心",
            Start = new(2023, 3, 1), End = new(2023, 12, 31), ConsentOn = new(2023, 2, 1), ConsentHow = "户主签字", ExpectedGain = 1_000m, GainCategory = "生产经营性",
        });
        measures.Move(measure.Id, MeasureStatus.UnderWay, new(2023, 3, 10), "已开工");
        measures.Move(measure.Id, MeasureStatus.Done, new(2023, 5, 20), "验收单");
        measures.Move(measure.Id, MeasureStatus.Verified, new(2023, 6, 20), "销售凭据", 5_000m, "种植业收入");
        Dictionary<(string Code, string Kind, string Key), Qingling.Core.Integrity.AlertRecord> records;
        using (var c = db.Store.CreateContext())
            records = Qingling.Data.Integrity.AlertHandler.Sync(c, plan.Year,
                Qingling.Data.Integrity.IntegrityQuery.Run(c, plan.Year, new Qingling.Core.Integrity.IntegritySettings { Line = plan.IncomeLine }));
        var alert = Assert.Single(records.Values, a => a.HouseholdCode == code && a.Kind == Qingling.Core.Integrity.IntegrityKinds.MeasureAboveExpected);
        IReadOnlyList<UnitScore> Cards()
        {
            using var c = db.Store.CreateContext();
            return AssessmentHandler.Compute(c, plan, Q2, "测试").Scores;
        }
        var cards = Cards();
        Assert.Contains(cards, s => s.Items.Any(i => i.Kind == ItemKinds.IntegrityAlerts));
        Assert.All(cards.SelectMany(s => s.Items).Where(i => i.Kind == ItemKinds.IntegrityAlerts), i => Assert.Equal(0, i.Numerator));
        var before = cards.ToDictionary(s => (s.Kind, s.Unit), s => s.Score);

        (long Id, decimal Amount) entry;
        var answering = new List<(UnitKind, string)> { (UnitKind.Village, alert.Village) };
        using (var c = db.Store.CreateContext())
        {
            entry = c.IncomeEntries.Where(e => e.MeasureId == measure.Id && e.ExcludedReason == null)
                .OrderBy(e => e.Id).Select(e => new ValueTuple<long, decimal>(e.Id, e.Amount)).First();
            var h = c.Households.Single(h => h.Id == alert.HouseholdId);
            if (h.AssignedUnit is { } unit) answering.Add((UnitKind.AssignedUnit, unit));
            if (h.WorkTeam is { } team) answering.Add((UnitKind.WorkTeam, team));
            answering.AddRange(c.Measures.Where(m => m.HouseholdId == h.Id).Select(m => m.Department).Distinct().AsEnumerable().Select(d => (UnitKind.Department, d)));
        }
        // The same amount recorded in place of the paper one: the income does not move, only the finding does.
        new Qingling.Data.Integrity.AlertHandler(db.Store, "测试", Qingling.Core.Users.Role.Admin)
            .Confirm(alert.Id, [entry.Id], entry.Amount, "入户核实：收入为代填，按实际重录");

        var afterCards = Cards();
        var village = afterCards.Single(s => s.Kind == UnitKind.Village && s.Unit == alert.Village);
        var deduction = village.Items.Single(i => i.Kind == ItemKinds.IntegrityAlerts);
        Assert.Equal(1, deduction.Numerator);
        Assert.Contains(deduction.Facts, f => f.Kind == "alert" && f.Id == alert.Id.ToString());
        Assert.True(village.Score < before[(UnitKind.Village, alert.Village)], $"{alert.Village} did not go down");
        AssertOnlyThoseMoved(before, afterCards.ToDictionary(s => (s.Kind, s.Unit), s => s.Score), [.. answering]);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_completed_screening_round_raises_its_villages_score(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var before = Scores(db, Q2);
        const string village = "芒国村";
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        var rhythm = new RhythmHandler(db.Store, plan, "测试");
        var round = rhythm.AddRound(village, new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 30), null);
        List<string> codes;
        using (var c = db.Store.CreateContext())
            codes = c.Households.Where(h => h.VillageId == round.VillageId).Select(h => h.Code).ToList();
        rhythm.AddVisits(codes.Select(code => new VisitInput { Round = round.Id, Household = code, On = new DateOnly(2023, 6, 20), Visitors = "村干部、驻村工作队员", Changes = "无变化" }).ToList());

        var after = Scores(db, Q2);
        Assert.True(after[(UnitKind.Village, village)] > before[(UnitKind.Village, village)]);
        using (var c = db.Store.CreateContext())
        {
            var card = AssessmentHandler.Compute(c, plan, Q2, "测试").Scores.Single(s => s.Kind == UnitKind.Village && s.Unit == village);
            var visited = card.Items.Single(i => i.Kind == ItemKinds.HouseholdsVisited);
            Assert.Equal((codes.Count, codes.Count, visited.Weight), (visited.Numerator, visited.Denominator, visited.Points));
            Assert.All(visited.Facts, f => Assert.Equal("visit", f.Kind));
        }
        foreach (var (key, score) in before.Where(k => k.Key.Item1 is UnitKind.Village or UnitKind.Department && k.Key.Item2 != village))
            Assert.Equal(score, after[key]);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_period_closed_by_a_held_review_is_frozen_while_the_open_one_still_moves(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        ReviewPack pack;
        using (var c = db.Store.CreateContext()) pack = ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 6, 30));
        new RhythmHandler(db.Store, plan, "测试").Hold(pack, ReviewKind.HalfMonthly);
        using (var c = db.Store.CreateContext())
            Assert.Equal(["2023Q1", "2023Q2"], c.FrozenScorecards.Where(f => f.PlanKey == plan.Key).Select(f => f.Period).OrderBy(p => p).ToList());

        string Json(AssessmentPeriod p, out bool frozen)
        {
            using var c = db.Store.CreateContext();
            var r = AssessmentHandler.Compute(c, plan, p, "测试");
            frozen = r.Frozen;
            return JsonSerializer.Serialize(r.Scores);
        }
        var q2 = Json(Q2, out var q2Frozen);
        var q3 = Json(Q3, out var q3Frozen);
        Assert.True(q2Frozen);
        Assert.False(q3Frozen);

        var (village, _) = MakeOneMeasureOverdue(db);
        Assert.Equal(q2, Json(Q2, out _));
        Assert.NotEqual(q3, Json(Q3, out _));
        // The recomputed Q2 would differ: the frozen figures are what the review was told, not the data now.
        using (var c = db.Store.CreateContext())
        {
            var fresh = Qingling.Core.Assessment.Scoring.Score(plan.Assessment!, AssessmentQuery.Gather(c, plan, Q2));
            var frozenQ2 = JsonSerializer.Deserialize<List<JsonElement>>(q2)!;
            var frozenScore = frozenQ2.Single(e => e.GetProperty("Unit").GetString() == village && e.GetProperty("Kind").GetInt32() == (int)UnitKind.Village).GetProperty("Score").GetDecimal();
            Assert.True(fresh.Single(s => s.Kind == UnitKind.Village && s.Unit == village).Score < frozenScore);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void Holding_a_review_is_all_or_nothing_when_freezing_its_scorecards_fails(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        ReviewPack pack;
        long traceLines;
        using (var c = db.Store.CreateContext())
        {
            pack = ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 6, 30));
            traceLines = c.AuditEntries.LongCount();
            // The freeze step fails (as it would if another request froze the same period at that moment).
            c.Database.ExecuteSqlRaw(provider == TestDatabase.Sqlite
                ? "CREATE TRIGGER refuse_freeze BEFORE INSERT ON frozen_scorecards BEGIN SELECT RAISE(ABORT, 'refused'); END"
                : "CREATE FUNCTION refuse_freeze() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$; " +
                  "CREATE TRIGGER refuse_freeze BEFORE INSERT ON frozen_scorecards FOR EACH ROW EXECUTE FUNCTION refuse_freeze()");
        }
        Assert.ThrowsAny<Exception>(() => new RhythmHandler(db.Store, plan, "测试").Hold(pack, ReviewKind.HalfMonthly));
        using (var c = db.Store.CreateContext())
        {
            Assert.False(c.Reviews.Any(), "the review was recorded although its scorecards were not frozen");
            Assert.Equal(traceLines, c.AuditEntries.LongCount());
            c.Database.ExecuteSqlRaw(provider == TestDatabase.Sqlite ? "DROP TRIGGER refuse_freeze" : "DROP TRIGGER refuse_freeze ON frozen_scorecards");
        }
        // Once the cause is gone the same review can be held, and it freezes the periods it closes.
        new RhythmHandler(db.Store, plan, "测试").Hold(pack, ReviewKind.HalfMonthly);
        using (var c = db.Store.CreateContext())
            Assert.Equal(["2023Q1", "2023Q2"], c.FrozenScorecards.Where(f => f.PlanKey == plan.Key).Select(f => f.Period).OrderBy(p => p).ToList());
    }

    [Theory, MemberData(nameof(Providers))]
    public void Assess_on_the_command_line_gives_every_village_its_score_and_items_and_refuses_wrong_input_in_Chinese(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var r = Support.Cli.Run(db.Folder, ["assess", "--period", "2023Q2", "--unit", "village", "--format", "json", .. db.CliArguments]);
        Assert.True(r.ExitCode == 0, r.Error);
        var units = JsonSerializer.Deserialize<List<JsonElement>>(r.Output)!;
        List<string> villages;
        using (var c = db.Store.CreateContext()) villages = c.Regions.Where(x => x.Level == Core.Regions.RegionLevel.Village).Select(x => x.Name).ToList();
        Assert.Equal(villages.Order(), units.Select(u => u.GetProperty("unit").GetString()!).Order());
        Assert.All(units, u =>
        {
            Assert.Equal("village", u.GetProperty("kind").GetString());
            Assert.InRange(u.GetProperty("rank").GetInt32(), 1, villages.Count);
            Assert.Equal(u.GetProperty("score").GetDecimal(), Math.Max(0, u.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("points").GetDecimal())));
            Assert.Contains(u.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == ItemKinds.MeasuresDoneOnTime && i.GetProperty("denominator").GetInt32() >= 0);
        });

        var csv = Support.Cli.Run(db.Folder, ["assess", "--period", "2023Q2", "--unit", "department", "--format", "csv", .. db.CliArguments]);
        Assert.Equal(0, csv.ExitCode);
        Assert.StartsWith("kind,unit,score,rank,change,item,itemName,weight,points,numerator,denominator", csv.Output);

        foreach (var (args, expected) in new (string[], string)[]
        {
            (["--period", "2023-05"], "考核周期为季度"),
            (["--period", "2024Q1"], "不在方案年度2023年内"),
            (["--period", "2023Q2", "--unit", "town"], "没有单位类别“town”"),
            (["--period", "二季度"], "无法识别"),
        })
        {
            var bad = Support.Cli.Run(db.Folder, ["assess", .. args, .. db.CliArguments]);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains(expected, bad.Error);
            Assert.DoesNotContain("   at ", bad.Error);
        }
    }
}
