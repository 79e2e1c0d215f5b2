using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;

namespace Qingling.Web.Web;

/// <summary>
/// The dashboard's charts, served apart from the page (GET /api/charts) so the page does not wait for them: projected
/// per-capita income in bands around the line, channel coverage, and the indicators at each month end up to the date.
/// Kept per data version, date and scope; the trend's months come from the plan's data read once.
/// </summary>
public static class DashboardCharts
{
    public sealed record Channel(string Name, int Value);
    public sealed record Series(string Name, string Unit, IReadOnlyList<decimal?> Data);
    /// <summary>Bands are labelled with plain numbers (“3,000”); <see cref="LineBand"/> is the band the line falls in.</summary>
    public sealed record Charts(int Line, int LineBand, IReadOnlyList<string> Bands, IReadOnlyList<int> Counts, IReadOnlyList<Channel> Channels,
        IReadOnlyList<string> Months, IReadOnlyList<Series> Trend);

    static readonly IndicatorKind[] TrendKinds =
        [IndicatorKind.HouseholdsUnderLineProjected, IndicatorKind.PersonsCompleted, IndicatorKind.PersonsEngaged, IndicatorKind.MicrocreditHouseholds];

    public static Charts For(PlanContext context, DateOnly asOf) =>
        context.Derived(("charts", asOf, context.ScopeKey), () => Compute(context, asOf));

    static Charts Compute(PlanContext context, DateOnly asOf)
    {
        var plan = context.Plan!;
        var input = context.Progress(asOf);
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
        var channels = Channels.All.Select(c => new Channel(Channels.Name(c),
            input.Measures.Where(m => m.Measure.Channel == c && MeasureStatuses.IsLive(m.Status) && planned.Contains(m.Measure.HouseholdId))
                .Select(m => m.Measure.HouseholdId).Distinct().Count())).ToList();
        // The trend: the indicators at the end of each month of the plan year up to the date.
        var months = Enumerable.Range(1, asOf.Year == plan.Year ? asOf.Month : 12)
            .Select(m => new DateOnly(plan.Year, m, DateTime.DaysInMonth(plan.Year, m))).Where(d => d <= asOf).ToList();
        var trend = months.Select(d => context.ResultsForTrend(d).ToDictionary(r => r.Key, r => r.Value)).ToList();
        var shown = TrendKinds.Select(k => plan.Indicators.FirstOrDefault(i => i.Kind == k)).OfType<IndicatorDefinition>().ToList();
        var line = (int)plan.IncomeLine;
        return new Charts(line, Math.Clamp(line / 1_000, 0, bands.Count - 1), bands.Select(b => b.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            counts, channels, months.Select(d => $"{d.Month}月").ToList(),
            shown.Select(i => new Series(i.Name, i.Unit, trend.Select(t => t.GetValueOrDefault(i.Key)).ToList())).ToList());
    }
}
