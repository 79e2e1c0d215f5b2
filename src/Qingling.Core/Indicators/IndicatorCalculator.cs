using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Funds;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Core.Targets;

namespace Qingling.Core.Indicators;

/// <summary>A household's figures for the plan: baseline year, plan year so far, and the plan year projected.</summary>
public sealed record HouseholdProgress(
    long HouseholdId, string Code, string Village, HouseholdType Type, MonitoringCategory? Monitoring, IReadOnlyList<Member> Members,
    HouseholdIncome Baseline, HouseholdIncome Recorded, HouseholdIncome Projected);

/// <summary>A measure as it stood on the date asked about.</summary>
public sealed record MeasureAt(Measure Measure, MeasureStatus Status, MeasureDetails Details, string Village);

/// <summary>Everything the indicators are computed from, for one plan and one date.</summary>
public sealed record ProgressInput(
    PlanDefinition Plan, DateOnly Date, IReadOnlyList<HouseholdProgress> Households, IReadOnlySet<long> PlanHouseholds,
    IReadOnlyList<MeasureAt> Measures, IReadOnlyList<Project> Projects)
{
    /// <summary>Months of the plan year the ledger covers on the date: 12 once the year's annual record is in or all months are entered.</summary>
    public int LedgerMonths { get; init; } = 12;
}

public sealed record Breakdown(string Name, decimal? Value, bool? Met);

public sealed record IndicatorResult(
    string Key, string Name, IndicatorKind Kind, decimal? Value, decimal Target, string Unit, Comparison Comparison, bool Met,
    IReadOnlyList<Breakdown> ByVillage, IReadOnlyList<Breakdown> ByDepartment)
{
    /// <summary>
    /// Set while the figure rests on an incomplete year ("1—6月已录入"): it is shown with that label and not judged
    /// against the target, since half a year's income says nothing about the year's.
    /// </summary>
    public string? Provisional { get; init; }

    /// <summary>Whether the value is held against the target at all.</summary>
    public bool Judged => Provisional is null;

    /// <summary>达标, 未达标, or why it is not judged yet.</summary>
    public string Verdict => Provisional is { } p ? $"暂不判断（{p}）" : Met ? "达标" : "未达标";
}

/// <summary>Computes each indicator of a plan, for the whole area, by village and by responsible department.</summary>
public static class IndicatorCalculator
{
    public static IReadOnlyList<IndicatorResult> Compute(ProgressInput input)
    {
        var villages = input.Households.Select(h => h.Village).Distinct().Order(StringComparer.Ordinal).ToList();
        var results = new List<IndicatorResult>();
        foreach (var indicator in input.Plan.Indicators)
        {
            var value = Value(indicator, input, _ => true, _ => true, whole: true);
            var byVillage = villages
                .Select(v => Value(indicator, input, h => h.Village == v, m => m.Village == v, whole: false) is var x && x.Applies
                    ? new Breakdown(v, x.Value, Village(indicator) ? indicator.IsMet(x.Value) : null) : null)
                .OfType<Breakdown>().ToList();
            var byDepartment = MeasureBased(indicator.Kind)
                ? input.Plan.Departments.Select(d => new Breakdown(d, Value(indicator, input, _ => true, m => m.Measure.Department == d, whole: false).Value, null)).ToList()
                : [];
            var provisional = RecordedIncome(indicator.Kind) && input.LedgerMonths < 12
                ? (input.LedgerMonths == 0 ? "本年收入尚未录入" : $"1—{input.LedgerMonths}月已录入") : null;
            if (provisional is not null) byVillage = byVillage.Select(b => b with { Met = null }).ToList();
            results.Add(new IndicatorResult(indicator.Key, indicator.Name, indicator.Kind, value.Value, indicator.Target, indicator.Unit,
                indicator.Comparison, provisional is null && indicator.IsMet(value.Value), byVillage, byDepartment) { Provisional = provisional });
        }
        return results;
    }

    /// <summary>Whether a village's own value can be held against the plan's target (counts of people cannot: the target is the town's).</summary>
    static bool Village(IndicatorDefinition i) => i.Kind is IndicatorKind.ChannelCoverage or IndicatorKind.PopulationGrowth
        or IndicatorKind.PopulationGrowthProjected or IndicatorKind.HouseholdsUnderLine or IndicatorKind.HouseholdsUnderLineProjected or IndicatorKind.PersonsUnderLine;

    /// <summary>Indicators read from the income recorded so far, which only a complete year can judge.</summary>
    static bool RecordedIncome(IndicatorKind k) => k is IndicatorKind.HouseholdsUnderLine or IndicatorKind.PersonsUnderLine or IndicatorKind.PopulationGrowth;

    static bool MeasureBased(IndicatorKind k) => k is IndicatorKind.ChannelCoverage or IndicatorKind.PersonsCompleted
        or IndicatorKind.PersonsEngaged or IndicatorKind.MicrocreditHouseholds or IndicatorKind.MicrocreditAmount;

    readonly record struct Computed(decimal? Value, bool Applies);

    static Computed Value(IndicatorDefinition i, ProgressInput input, Func<HouseholdProgress, bool> household, Func<MeasureAt, bool> measure, bool whole)
    {
        var plan = input.Plan;
        var rule = plan.TargetRule;
        var households = input.Households.Where(household).ToList();
        var started = input.Measures.Where(m => measure(m) && m.Measure.Start <= input.Date).ToList();
        switch (i.Kind)
        {
            case IndicatorKind.HouseholdsUnderLine:
                return new(UnderLine(households, h => h.Recorded, rule).Count, true);
            case IndicatorKind.PersonsUnderLine:
                return new(UnderLine(households, h => h.Recorded, rule).Sum(t => t.Persons), true);
            case IndicatorKind.HouseholdsUnderLineProjected:
                return new(UnderLine(households, h => h.Projected, rule).Count, true);
            case IndicatorKind.ChannelCoverage:
            {
                var planned = households.Where(h => input.PlanHouseholds.Contains(h.HouseholdId)).Select(h => h.HouseholdId).ToHashSet();
                if (planned.Count == 0) return new(null, false);
                var covered = started.Where(m => m.Measure.Channel == i.Channel && MeasureStatuses.IsLive(m.Status) && planned.Contains(m.Measure.HouseholdId))
                    .Select(m => m.Measure.HouseholdId).Distinct().Count();
                return new(Math.Round((decimal)covered / planned.Count, 4), true);
            }
            case IndicatorKind.PersonsCompleted:
                return new(started.Where(m => m.Measure.Channel == i.Channel && MeasureStatuses.IsFinished(m.Status) && m.Measure.MemberId is not null)
                    .Select(m => m.Measure.MemberId).Distinct().Count(), true);
            case IndicatorKind.PersonsEngaged:
                return new(started.Where(m => m.Measure.Channel == i.Channel && MeasureStatuses.HasStarted(m.Status) && m.Measure.MemberId is not null)
                    .Select(m => m.Measure.MemberId).Distinct().Count(), true);
            case IndicatorKind.MicrocreditHouseholds:
                return new(Loans(started).Select(m => m.Measure.HouseholdId).Distinct().Count(), true);
            case IndicatorKind.MicrocreditAmount:
                return new(Loans(started).Sum(m => m.Details.LoanAmount ?? 0), true);
            case IndicatorKind.PopulationGrowth:
            case IndicatorKind.PopulationGrowthProjected:
            {
                var population = households.Where(h => rule.InScope(h.Type, h.Monitoring)).ToList();
                if (population.Count == 0) return new(null, false);
                var projected = i.Kind == IndicatorKind.PopulationGrowthProjected;
                var growth = Growth.Rate(Growth.PopulationPerCapita(population.Select(h => h.Baseline)),
                    Growth.PopulationPerCapita(population.Select(h => projected ? h.Projected : h.Recorded)));
                return new(growth is { } g ? Math.Round(g, 4) : null, true);
            }
            case IndicatorKind.FundIndustryShare:
                // Projects are the town's: there is no village or department breakdown of a fund share.
                if (!whole) return new(null, false);
                var share = FundRatios.Of(input.Projects, i.FundSource!.Value, plan.Year).Ratio;
                return new(share is { } s ? Math.Round(s, 4) : null, true);
            default:
                throw new ArgumentOutOfRangeException(nameof(i), i.Kind, null);
        }
    }

    static IEnumerable<MeasureAt> Loans(IEnumerable<MeasureAt> measures) =>
        measures.Where(m => m.Measure.Channel == Channels.Finance && m.Details.IsMicrocredit && MeasureStatuses.HasStarted(m.Status));

    /// <summary>The households under the line on the given income (recorded or projected), by the plan's target rule.</summary>
    public static IReadOnlyList<TargetHousehold> UnderLine(IEnumerable<HouseholdProgress> households, Func<HouseholdProgress, HouseholdIncome> income, TargetRule rule) =>
        TargetSelector.Select(households.Select(h => new HouseholdYear(h.HouseholdId, h.Code, h.Village, h.Type, h.Monitoring, h.Members, income(h))), rule);
}
