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
        // A line between two fen: the three households at exactly 5,000.00 below (SetLedgersAtTheRoundingEdges) are under it.
        new(5_000.001m),
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
        var halves = SetLedgersAtTheRoundingEdges(c);
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
        // The edges were listed: the half fen rounded away from zero, in both directions, and three equal figures by code.
        var list = IncomeQuery.Targets(c, 2022, new TargetRule());
        Assert.Equal([4_999.99m, 5_000m, 5_000m, 5_000m], list.Where(t => halves.Contains(t.HouseholdId) && t.PerCapitaNetIncome > 0).Select(t => t.PerCapitaNetIncome));
        Assert.Contains(list, t => halves.Contains(t.HouseholdId) && t.PerCapitaNetIncome == -0.01m);
    }

    /// <summary>
    /// Gives six 脱贫户 with labour a 2022 ledger whose per-capita figure sits on a rounding edge: half a fen (up and, for a
    /// cost, down), three households at 5,000.00 exactly after rounding (ordered by code, not by their unrounded figure),
    /// and lines that must not count: an excluded amount, a manual line in a year whose annual record is in. A manual
    /// line of 2023 counts (2023 has no annual record). Returns the six households.
    /// </summary>
    static HashSet<long> SetLedgersAtTheRoundingEdges(Data.Database.QinglingDbContext c)
    {
        var rows = IncomeQuery.ForYear(c, 2022);
        var candidates = rows.Where(r => r.Household.Type == Core.Households.HouseholdType.ExitedPoverty
            && r.Household.Members.Any(m => m.Labour is Core.Households.LabourCapacity.Ordinary or Core.Households.LabourCapacity.Skilled))
            .OrderBy(r => r.Household.HouseholdCode, StringComparer.Ordinal).ToList();
        // (persons, imported net): 20,000.01 / 4 = 5,000.0025 → 5,000.00; 15,000 / 3; 9,999.99 / 2 = 4,999.995 → 5,000.00;
        // 9,999.97 / 2 = 4,999.985 → 4,999.99; a cost of 0.01 over 2 → −0.01. Each household's code is above the one
        // before: the three at 5,000.00 have codes in the reverse order of their unrounded figures, so a list sorted by
        // the unrounded figure cannot pass for one sorted by the rounded figure and then the code.
        var wanted = new (int Persons, decimal Net)[] { (4, 20_000.01m), (3, 15_000m), (2, 9_999.99m), (2, 9_999.97m), (2, -0.01m) };
        var chosen = new HashSet<long>();
        var after = "";
        foreach (var (persons, net) in wanted)
        {
            var pick = candidates.First(r => r.Household.Members.Count == persons && string.CompareOrdinal(r.Household.HouseholdCode, after) > 0).Household;
            (var h, after) = (pick.HouseholdId, pick.HouseholdCode);
            chosen.Add(h);
            c.IncomeEntries.RemoveRange(c.IncomeEntries.Where(e => e.HouseholdId == h && e.Year == 2022));
            Entry(c, h, 2022, net >= 0 ? Core.Income.IncomeCategory.Wage : Core.Income.IncomeCategory.ProductionCost, Math.Abs(net), Core.Income.IncomeSource.Import);
            Entry(c, h, 2022, Core.Income.IncomeCategory.Wage, 50_000m, Core.Income.IncomeSource.Manual);
            Entry(c, h, 2022, Core.Income.IncomeCategory.Transfer, 80_000m, Core.Income.IncomeSource.Import, excluded: "一次性救助");
            Entry(c, h, 2023, Core.Income.IncomeCategory.Production, 1_234.56m, Core.Income.IncomeSource.Manual);
        }
        c.SaveChanges();
        return chosen;
    }

    static void Entry(Data.Database.QinglingDbContext c, long household, int year, Core.Income.IncomeCategory category, decimal amount, Core.Income.IncomeSource source, string? excluded = null) =>
        c.IncomeEntries.Add(new Core.Income.IncomeEntry
        {
            HouseholdId = household, Year = year, Category = category, Amount = amount, Source = source, ExcludedReason = excluded,
            RecordedBy = "测试", RecordedAt = DateTime.UtcNow, Subcategory = "",
        });

    [Theory, MemberData(nameof(Providers))]
    public void The_lists_heads_groups_plans_and_channels_are_those_read_household_by_household(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get("mengyong-2023");
        using var c = db.Store.CreateContext();
        // A cancelled measure and a declined one are not the household's help; a target without a 一户一策 shows as such.
        var targets = IncomeQuery.Targets(c, 2022, plan.TargetRule);
        var withMeasures = c.Measures.Where(m => m.Status != Core.Measures.MeasureStatus.Cancelled && m.Status != Core.Measures.MeasureStatus.Declined)
            .GroupBy(m => m.HouseholdId).Where(g => g.Count() >= 2).Select(g => g.Key).ToList().Intersect(targets.Select(t => t.HouseholdId)).First();
        c.Measures.Where(m => m.HouseholdId == withMeasures).OrderBy(m => m.Id).First().Status = Core.Measures.MeasureStatus.Cancelled;
        c.SaveChanges();

        var rows = TargetQuery.Stream(c, 2022, plan.TargetRule, planKey: plan.Key).ToList();
        Assert.Equal(targets, rows.Select(r => r.Target));
        var ids = rows.Select(r => r.Target.HouseholdId).ToList();
        var labels = HouseholdLabels.Load(c, ids);
        var plans = c.HouseholdPlans.Where(p => p.PlanKey == plan.Key).Select(p => p.HouseholdId).ToHashSet();
        var live = c.Measures.ToList().Where(m => Core.Measures.MeasureStatuses.IsLive(m.Status)).ToLookup(m => m.HouseholdId);
        foreach (var r in rows)
        {
            var id = r.Target.HouseholdId;
            Assert.Equal((labels.For(id).Head, labels.For(id).Group, plans.Contains(id), live[id].Count()), (r.Head, r.Group, r.HasPlan, r.Measures));
            Assert.Equal(Core.Measures.Channels.All.Where(k => live[id].Any(m => m.Channel == k)), r.Channels);
        }
        Assert.Contains(rows, r => r.HasPlan && r.Channels.Count >= 2);
        Assert.Contains(rows, r => r.Target.HouseholdId == withMeasures);
        // Without a plan asked, no household has one; a village's list is the town's cut to it.
        Assert.DoesNotContain(TargetQuery.Stream(c, 2022, plan.TargetRule).ToList(), r => r.HasPlan);
        var village = rows[0].Target.Village;
        Assert.Equal(rows.Where(r => r.Target.Village == village), TargetQuery.Stream(c, 2022, plan.TargetRule, village, plan.Key).ToList(), RowComparer.Instance);
    }

    sealed class RowComparer : IEqualityComparer<TargetListRow>
    {
        public static readonly RowComparer Instance = new();
        public bool Equals(TargetListRow? a, TargetListRow? b) => a is not null && b is not null && a.Target == b.Target && a.Head == b.Head && a.Group == b.Group
            && a.HasPlan == b.HasPlan && a.Measures == b.Measures && a.Channels.SequenceEqual(b.Channels);
        public int GetHashCode(TargetListRow r) => r.Target.GetHashCode();
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
