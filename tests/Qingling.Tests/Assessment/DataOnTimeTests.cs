using Qingling.Core.Assessment;
using Qingling.Core.Rhythm;
using Qingling.Data.Assessment;
using Qingling.Data.Demo;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Tests.Support;

namespace Qingling.Tests.Assessment;

/// <summary>数据按时报送: a screening round's visits entered by its last day; one late visit lowers that village's item only.</summary>
public class DataOnTimeTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    static readonly AssessmentPeriod Q2 = AssessmentPeriod.Of(AssessmentPeriod.Quarter, 2023, 2);

    [Fact]
    public void The_item_is_a_village_item_and_the_Mengyong_scheme_scores_it()
    {
        Assert.Equal([UnitKind.Village], ItemKinds.AppliesTo(ItemKinds.DataOnTime));
        var rules = new AssessmentDefinition
        {
            Scorecards = [new ScorecardDefinition { Name = "工作队", Units = ["workTeam"], Items = [new AssessmentItem { Key = "data", Name = "数据", Kind = ItemKinds.DataOnTime, Points = 100 }] }],
        };
        Assert.Contains(AssessmentValidator.Problems(rules), p => p.Contains("不适用于驻村工作队"));
        Assert.Equal(ReportingDay.Of(new DateTime(2023, 6, 30, 15, 59, 0, DateTimeKind.Utc)), new DateOnly(2023, 6, 30));
        Assert.Equal(ReportingDay.Of(new DateTime(2023, 6, 30, 16, 0, 0, DateTimeKind.Utc)), new DateOnly(2023, 7, 1));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_visit_entered_after_the_rounds_last_day_lowers_only_its_villages_data_item(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        Assert.Contains(plan.Assessment!.For(UnitKind.Village)!.Items, i => i.Kind == ItemKinds.DataOnTime);
        var rhythm = new RhythmHandler(db.Store, plan, "测试");
        string[] villages = ["芒来村", "芒国村"];
        var rounds = new Dictionary<string, long>();
        foreach (var village in villages)
        {
            var round = rhythm.AddRound(village, new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 30), null);
            List<string> codes;
            using (var c = db.Store.CreateContext()) codes = c.Households.Where(h => h.VillageId == round.VillageId).Select(h => h.Code).ToList();
            rhythm.AddVisits(codes.Select(code => new VisitInput { Round = round.Id, Household = code, On = new DateOnly(2023, 6, 20), Visitors = "村干部", Changes = "无变化" }).ToList());
            rounds[village] = round.Id;
        }
        // Entered on the day of the visit (the test runs years later: the entry time is set as a real entry would have it).
        using (var c = db.Store.CreateContext())
        {
            foreach (var v in c.Visits) v.CreatedAt = new DateTime(2023, 6, 20, 9, 0, 0, DateTimeKind.Utc);
            c.SaveChanges();
        }
        var before = Cards(db, plan);
        foreach (var village in villages)
        {
            var item = before[village].Items.Single(i => i.Kind == ItemKinds.DataOnTime);
            Assert.True(item.Denominator > 0);
            Assert.Equal((item.Denominator, item.Weight), (item.Numerator, item.Points));
        }

        using (var c = db.Store.CreateContext())
        {
            var late = c.Visits.Where(v => v.RoundId == rounds["芒来村"]).OrderBy(v => v.Id).First();
            late.CreatedAt = new DateTime(2023, 7, 3, 2, 0, 0, DateTimeKind.Utc);
            c.SaveChanges();
        }
        var after = Cards(db, plan);
        var lowered = after["芒来村"].Items.Single(i => i.Kind == ItemKinds.DataOnTime);
        Assert.Equal(before["芒来村"].Items.Single(i => i.Kind == ItemKinds.DataOnTime).Denominator - 1, lowered.Numerator);
        Assert.Contains(lowered.Facts, f => !f.Counted && f.Label.Contains("2023-07-03录入，逾期"));
        Assert.True(after["芒来村"].Score < before["芒来村"].Score);
        foreach (var item in before["芒来村"].Items.Where(i => i.Kind != ItemKinds.DataOnTime))
            Assert.Equal(item.Points, after["芒来村"].Items.Single(i => i.Key == item.Key).Points);
        foreach (var (unit, card) in before.Where(b => b.Key != "芒来村"))
            Assert.Equal(card.Score, after[unit].Score);
    }

    static Dictionary<string, UnitScore> Cards(TestDatabase db, Core.Plans.PlanDefinition plan)
    {
        using var c = db.Store.CreateContext();
        return AssessmentHandler.Compute(c, plan, Q2, "测试").Scores.Where(s => s.Kind == UnitKind.Village).ToDictionary(s => s.Unit);
    }
}
