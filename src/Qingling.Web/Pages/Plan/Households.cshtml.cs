using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Indicators;
using Qingling.Core.Plans;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Plan;

/// <summary>
/// The households behind a figure: opened from a dashboard card or a village's cell, it lists the households that very
/// indicator counts on that date (same year, same income basis, same population), in the user's scope, so the list holds
/// as many households as the figure says.
/// </summary>
public class HouseholdsModel(PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public string? Village { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Date { get; set; }
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty(SupportsGet = true)] public int? Size { get; set; }
    /// <summary>The page of the list shown: a county's under-line list is tens of thousands of households.</summary>
    public Paged<HouseholdProgress> Shown { get; private set; } = Paging.Of(Array.Empty<HouseholdProgress>(), 1, null);
    public IndicatorDefinition? Indicator { get; private set; }
    public DateOnly AsOf { get; private set; }
    public IReadOnlyList<HouseholdProgress> Households { get; private set; } = [];
    /// <summary>Whether the figure rests on the year-end projection (else on the income recorded so far).</summary>
    public bool Projected { get; private set; }
    public int LedgerMonths { get; private set; }
    public decimal Line { get; private set; }

    public IActionResult OnGet()
    {
        if (context.Plan is not { } plan) return NotFound();
        Indicator = plan.Indicators.FirstOrDefault(i => i.Key == Key);
        if (Indicator is null) return NotFound();
        AsOf = Date ?? context.AsOf;
        var input = context.Progress(AsOf);
        if (!string.IsNullOrEmpty(Village) && !input.Households.Any(h => h.Village == Village)) return NotFound();
        Projected = Indicator.Kind is not (IndicatorKind.HouseholdsUnderLine or IndicatorKind.PersonsUnderLine);
        var indicator = Indicator;
        var projected = Projected;
        // Counted and sorted once per figures version, date, scope and village: a county's list is tens of thousands of
        // households, and each page of it asked again took 90 ms at one client and 1.5 s at twenty.
        var counted = context.DerivedFromFigures(("indicator-households", indicator.Key, Village ?? "", AsOf, context.ScopeKey), () =>
            new CountedList(IndicatorCalculator.Counted(indicator, input, string.IsNullOrEmpty(Village) ? null : Village)?
                .OrderBy(h => (projected ? h.Projected : h.Recorded).PerCapitaNetIncome).ThenBy(h => h.Code, StringComparer.Ordinal).ToList()));
        if (counted.Households is null) return NotFound();
        Line = Indicator.Kind == IndicatorKind.HouseholdsUnderMonitoringLine && plan.MonitoringLines.TryGetValue(plan.Year, out var m) ? m : plan.IncomeLine;
        LedgerMonths = input.LedgerMonths;
        Households = counted.Households;
        Shown = Paging.Of(Households, P, Size);
        return Page();
    }
}

/// <summary>An indicator's counted households in list order, or null when the indicator counts no households.</summary>
sealed record CountedList(IReadOnlyList<HouseholdProgress>? Households);
