using Qingling.Core.Demo;
using Qingling.Core.Indicators;
using Qingling.Core.Targets;
using Qingling.Data.Demo;
using Qingling.Data.Export;
using Qingling.Data.Import;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Data.Queries;
using Qingling.Tests.Support;

namespace Qingling.Tests.Targets;

/// <summary>
/// The figures of the fast paths (issue 11: targets and income count members in the database; the indicators pick each
/// village's households once) are the figures of the member-by-member rules they replace, on each database.
/// </summary>
public class ScaleQueryTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static readonly TargetRule[] Rules =
    [
        new(), new(WeakLabourCounts: true), new(IncludeMonitored: true), new(12_000m, WeakLabourCounts: true, IncludeMonitored: true), new(10_000.01m),
    ];

    [Theory, MemberData(nameof(Providers))]
    public void Income_and_targets_counted_in_the_database_equal_the_member_by_member_figures(string provider)
    {
        using var db = new TestDatabase(provider);
        // A generated town: every labour capacity, 脱贫户 and 一般农户, monitored households, several villages.
        var town = new TownGenerator(TownProfile.Mengyong, 11, 2022).Generate(400).ToList();
        var file = Path.Combine(db.Folder, "town.csv");
        ExportFileWriter.Write(file, town);
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(file, new ImportOptions(2022)).Outcome);
        using var c = db.Store.CreateContext();
        var village = town[5].Village;
        var compared = 0;
        foreach (var (year, where) in new (int, string?)[] { (2022, null), (2023, null), (2022, village) })
        {
            var rows = IncomeQuery.ForYear(c, year, where);
            var summaries = IncomeQuery.Summaries(c, year, where);
            Assert.Equal(rows.Select(r => (r.Household.HouseholdId, r.Household.HouseholdCode, r.Household.Village, r.Household.Income, r.PreviousPerCapita, r.Growth)),
                summaries.Select(s => (s.HouseholdId, s.HouseholdCode, s.Village, s.Income, s.PreviousPerCapita, s.Growth)));
            foreach (var rule in Rules)
            {
                var expected = TargetSelector.Select(rows.Select(r => r.Household), rule);
                Assert.Equal(expected, IncomeQuery.Targets(c, year, rule, where));
                compared += expected.Count;
            }
        }
        // The rules above must have picked households out, or the comparison proves nothing.
        Assert.True(compared > 20, $"only {compared} target rows compared");
    }

    [Theory, MemberData(nameof(Providers))]
    public void Each_villages_figures_are_those_of_the_village_computed_alone(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get("mengyong-2023");
        using var c = db.Store.CreateContext();
        var input = ProgressQuery.Build(c, plan, new DateOnly(2023, 6, 30));
        Assert.NotNull(input.Baseline);
        var results = IndicatorCalculator.Compute(input);
        var checkedVillages = 0;
        foreach (var village in input.Households.Select(h => h.Village).Distinct())
        {
            // The village alone: its households and its measures, the same frozen baseline list.
            var alone = IndicatorCalculator.Compute(input with
            {
                Households = input.Households.Where(h => h.Village == village).ToList(),
                Measures = input.Measures.Where(m => m.Village == village).ToList(),
            });
            foreach (var (whole, own) in results.Zip(alone))
            {
                if (whole.Kind == Core.Plans.IndicatorKind.FundIndustryShare) continue; // the town's projects: no village share
                // A village where the indicator does not apply (no household in its denominator) has no breakdown, and alone no value.
                Assert.Equal(own.Value, whole.ByVillage.SingleOrDefault(b => b.Name == village)?.Value);
            }
            checkedVillages++;
        }
        Assert.True(checkedVillages >= 6);
        // The demo's measures sit in several villages, so measure-based village figures are not all zero.
        Assert.Contains(results, r => r.Kind == Core.Plans.IndicatorKind.ChannelCoverage && r.ByVillage.Count(b => b.Value > 0) >= 2);
    }
}
