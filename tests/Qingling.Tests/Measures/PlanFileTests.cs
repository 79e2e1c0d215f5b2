using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Measures;

/// <summary>A file of many households' 一户一策 is saved whole or not at all, however many households it holds.</summary>
public class PlanFileTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static MeasureInput Measure(string channel) => new()
    {
        Channel = channel, Kind = "测试", Description = "测试措施", Department = "镇农业农村服务中心", Start = new(2023, 3, 1), End = new(2023, 12, 31),
        Status = "planned", StatusOn = new(2023, 3, 1), ConsentOn = new(2023, 2, 20), ConsentHow = "户主签字",
    };

    [Theory, MemberData(nameof(Providers))]
    public void A_file_of_many_households_is_saved_whole_or_not_at_all(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get("mengyong-2023");
        List<string> codes;
        int measuresBefore, plansBefore;
        using (var c = db.Store.CreateContext())
        {
            var planned = c.HouseholdPlans.Where(p => p.PlanKey == plan.Key).Select(p => p.HouseholdId).ToList();
            codes = c.Households.AsNoTracking().Where(h => !planned.Contains(h.Id)).OrderBy(h => h.Code).Select(h => h.Code).Take(60).ToList();
            (measuresBefore, plansBefore) = (c.Measures.Count(), c.HouseholdPlans.Count());
        }
        var handler = new MeasureHandler(db.Store, plan, "测试");
        HouseholdPlanInput For(string code, string channel) => new() { Household = code, Diagnosis = ["缺技能"], Measures = [Measure(channel), Measure(Channels.Industry) with { Description = "第二项产业措施" }] };

        // The last household's first measure names no channel: nothing of the 59 before it is kept.
        var bad = codes.Select((code, i) => For(code, i == codes.Count - 1 ? "没有这个渠道" : Channels.Industry)).ToList();
        var refused = Assert.Throws<MeasureRejectedException>(() => handler.AddPlans(bad));
        Assert.Contains(refused.Problems, p => p.Contains($"第{codes.Count}户") && p.Contains("没有这个渠道"));
        using (var c = db.Store.CreateContext())
            Assert.Equal((measuresBefore, plansBefore), (c.Measures.Count(), c.HouseholdPlans.Count()));

        var added = handler.AddPlans(codes.Select(code => For(code, Channels.Industry)).ToList());
        Assert.Equal(2 * codes.Count, added.Count);
        Assert.All(added, m => Assert.True(m.Id > 0));
        using (var c = db.Store.CreateContext())
        {
            Assert.Equal((measuresBefore + 2 * codes.Count, plansBefore + codes.Count), (c.Measures.Count(), c.HouseholdPlans.Count()));
            Assert.Equal(2 * codes.Count, c.AuditEntries.Count(a => a.Entity == "措施" && a.Action == "新增" && a.Actor == "测试"));
        }
    }
}
