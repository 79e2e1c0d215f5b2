using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Web.Web;

namespace Qingling.Web.Pages;

/// <summary>总览: every indicator against its target, a table by village, and three charts.</summary>
public class IndexModel(PlanContext context) : PageModel
{
    public PlanDefinition? Plan { get; private set; }
    public DateOnly AsOf { get; private set; }
    public IReadOnlyList<IndicatorResult> Indicators { get; private set; } = [];
    public IReadOnlyList<VillageRow> Villages { get; private set; } = [];
    public string ChartData { get; private set; } = "{}";
    /// <summary>The year-end projection the page leads with, and how many months of the year the ledger holds.</summary>
    public string? Lead { get; private set; }
    public int LedgerMonths { get; private set; } = 12;

    /// <summary>A village: its households with a 一户一策, and its value of each indicator shown in the village table.</summary>
    public sealed record VillageRow(string Village, int PlanHouseholds, IReadOnlyList<decimal?> Values);

    /// <summary>The indicators the village table shows, chosen by kind so that any plan's indicators fit.</summary>
    public IReadOnlyList<IndicatorResult> VillageColumns { get; private set; } = [];

    static readonly IndicatorKind[] VillageKinds =
        [IndicatorKind.HouseholdsUnderLine, IndicatorKind.HouseholdsUnderLineProjected, IndicatorKind.ChannelCoverage, IndicatorKind.PopulationGrowthProjected];

    static readonly IndicatorKind[] TrendKinds =
        [IndicatorKind.HouseholdsUnderLineProjected, IndicatorKind.PersonsCompleted, IndicatorKind.PersonsEngaged, IndicatorKind.MicrocreditHouseholds];

    public void OnGet(DateOnly? date)
    {
        Plan = context.Plan;
        if (Plan is null) return;
        AsOf = date ?? context.AsOf;
        var input = context.Progress(AsOf);
        // The year-end projection leads; figures from a part of the year come last and are not judged.
        Indicators = IndicatorCalculator.Compute(input).OrderBy(r => r.Kind is IndicatorKind.HouseholdsUnderLineProjected or IndicatorKind.PopulationGrowthProjected ? 0 : r.Judged ? 1 : 2).ToList();
        LedgerMonths = input.LedgerMonths;
        Lead = string.Join("；", Indicators.Where(r => r.Kind is IndicatorKind.HouseholdsUnderLineProjected or IndicatorKind.PopulationGrowthProjected)
            .Select(r => $"{r.Name} {Show.Value(r.Value, r.Unit)}（目标{(r.Comparison == Comparison.AtMost ? "≤" : "≥")}{Show.Value(r.Target, r.Unit)}，{r.Verdict}）")) is { Length: > 0 } l ? l : null;
        VillageColumns = VillageKinds.Select(k => Indicators.FirstOrDefault(r => r.Kind == k)).OfType<IndicatorResult>().ToList();
        Villages = input.Households.Select(h => h.Village).Distinct().Order(StringComparer.Ordinal).Select(v => new VillageRow(v,
            input.Households.Count(h => h.Village == v && input.PlanHouseholds.Contains(h.HouseholdId)),
            VillageColumns.Select(r => r.ByVillage.FirstOrDefault(b => b.Name == v)?.Value).ToList())).ToList();
        ChartData = JsonSerializer.Serialize(Charts(input));
    }

    object Charts(ProgressInput input)
    {
        var plan = Plan!;
        var rule = plan.TargetRule;
        // Per-capita income (projected) of in-scope households with labour, in 1,000-yuan bands around the line.
        var labour = input.Households.Where(h => rule.InScope(h.Type, h.Monitoring) && h.Members.Any(m => rule.IsLabour(m.Labour)));
        var bands = Enumerable.Range(0, 21).Select(i => i * 1_000).ToList();
        var counts = new int[bands.Count];
        foreach (var h in labour)
        {
            if (h.Projected.PerCapitaNetIncome is not { } pc) continue;
            counts[Math.Clamp((int)(pc / 1_000m), 0, bands.Count - 1)]++;
        }
        var planned = input.PlanHouseholds;
        var channels = Channels.All.Select(c => new
        {
            name = Channels.Name(c),
            value = input.Measures.Where(m => m.Measure.Channel == c && MeasureStatuses.IsLive(m.Status) && planned.Contains(m.Measure.HouseholdId))
                .Select(m => m.Measure.HouseholdId).Distinct().Count(),
        }).ToList();
        // The trend: the indicators at the end of each month of the plan year up to the date.
        var months = Enumerable.Range(1, AsOf.Year == plan.Year ? AsOf.Month : 12)
            .Select(m => new DateOnly(plan.Year, m, DateTime.DaysInMonth(plan.Year, m))).Where(d => d <= AsOf).ToList();
        var trend = months.Select(d => IndicatorCalculator.Compute(context.Progress(d)).ToDictionary(r => r.Key, r => r.Value)).ToList();
        var shown = TrendKinds.Select(k => plan.Indicators.FirstOrDefault(i => i.Kind == k)).OfType<IndicatorDefinition>().ToList();
        return new
        {
            line = (int)plan.IncomeLine,
            bands = bands.Select(b => $"{b / 1000}千").ToArray(),
            counts,
            channels,
            months = months.Select(d => $"{d.Month}月").ToArray(),
            series = shown.Select(i => new { name = i.Name, data = trend.Select(t => t.GetValueOrDefault(i.Key)).ToArray() }).ToArray(),
        };
    }
}
