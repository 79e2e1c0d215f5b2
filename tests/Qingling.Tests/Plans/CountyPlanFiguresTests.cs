using System.Text.RegularExpressions;
using Qingling.Core.Indicators;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Plans;

/// <summary>
/// A county plan's own indicators are evaluated for the whole county: its towns' households, and the 一户一策 and measures
/// made under their town plans. On the demo, whose county has one town, the county plan with the town's indicators gives the
/// town's figures.
/// </summary>
public class CountyPlanFiguresTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>The Mengyong plan as the county's: another key, the region without its town.</summary>
    static string CountyPlan() =>
        Regex.Replace(File.ReadAllText(PlanTests.SamplePath).Replace("\"key\": \"mengyong-2023\"", "\"key\": \"gengma-2023\""), "\"town\"\\s*:\\s*\"[^\"]*\"\\s*,?", "");

    [Theory, MemberData(nameof(Providers))]
    public void The_county_plans_indicators_count_its_towns_plans_and_measures(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plans = new PlanHandler(db.Store, "测试");
        var county = plans.LoadText(CountyPlan(), "county.json").Plan;
        Assert.True(PlanInheritance.IsCountyPlan(county));
        var town = plans.Get("mengyong-2023");
        using var c = db.Store.CreateContext();
        foreach (var date in new[] { new DateOnly(2023, 3, 31), new DateOnly(2023, 6, 30), new DateOnly(2023, 12, 31) })
        {
            var countyInput = ProgressQuery.Build(c, county, date);
            var townInput = ProgressQuery.Build(c, town, date);
            Assert.NotEmpty(townInput.Measures);
            Assert.Equal(townInput.Measures.Count, countyInput.Measures.Count);
            Assert.Equal(townInput.PlanHouseholds.Order(), countyInput.PlanHouseholds.Order());
            var countyResults = IndicatorCalculator.Compute(countyInput).ToDictionary(r => r.Key);
            foreach (var r in IndicatorCalculator.Compute(townInput))
            {
                Assert.True(r.Value == countyResults[r.Key].Value, $"{date} {r.Key}: town {r.Value}, county {countyResults[r.Key].Value}");
                Assert.Equal(r.Met, countyResults[r.Key].Met);
            }
        }
    }
}
