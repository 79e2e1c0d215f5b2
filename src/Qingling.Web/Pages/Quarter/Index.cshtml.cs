using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Data.Database;
using Qingling.Data.Rhythm;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Quarter;

/// <summary>季度调度: the quarter's indicator trend, its end by village and department, and the rhythm kept.</summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Quarter { get; set; }
    public QuarterSummary? Summary { get; private set; }
    /// <summary>The trace's chain head at the time of printing.</summary>
    public string? ChainHead { get; private set; }
    /// <summary>The tables' fragment key: the summary is derived once per data version, year and quarter.</summary>
    public string FragmentKey => context.DataFragmentKey($"quarter {Year}Q{Quarter}");

    public IActionResult OnGet()
    {
        if (!current.User.ReadsEverything) return Forbid(); // the summary covers the whole town
        if (context.Plan is null) return Page();
        var asOf = context.AsOf;
        Year ??= asOf.Year;
        Quarter ??= (asOf.Month - 1) / 3 + 1;
        var (year, quarter) = (Year.Value, Quarter.Value);
        Summary = context.Derived(("quarter", year, quarter), () =>
        {
            using var db = store.CreateContext();
            return RhythmQueries.Quarter(db, context.Plan, year, quarter, context.ResultsForTrend);
        });
        using (var db = store.CreateContext()) ChainHead = Data.Audit.PackHead.Now(db, Show.Time);
        return Page();
    }
}
