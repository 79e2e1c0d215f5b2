using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Indicators;
using Qingling.Core.Plans;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Plan;

/// <summary>
/// 方案与指标: the plan's terms, and every indicator by village and by department; with ?plan=KEY any stored plan's (a county
/// plan beside its towns' in a county's database: its indicators over the whole county).
/// </summary>
public class IndexModel(PlanContext context) : PageModel
{
    /// <summary>The plan shown (its key); none: the plan the pages work on.</summary>
    [BindProperty(SupportsGet = true, Name = "plan")] public string? Key { get; set; }
    /// <summary>Every stored plan, to choose from when there are several.</summary>
    public IReadOnlyList<PlanContext.StoredPlanName> Plans { get; private set; } = [];
    /// <summary>Whether the plan shown is the one the other pages work on (its lists and households are theirs).</summary>
    public bool Working { get; private set; } = true;
    public PlanDefinition? Plan { get; private set; }
    public DateOnly AsOf { get; private set; }
    public IReadOnlyList<IndicatorResult> Results { get; private set; } = [];
    /// <summary>The indicators by village.</summary>
    public VillageGrid Grid { get; private set; } = new([]);
    /// <summary>The indicator table's fragment key (<see cref="PlanContext.FiguresFragmentKey"/>).</summary>
    public string FragmentKey => context.FiguresFragmentKey(AsOf, Plan);

    public IActionResult OnGet(DateOnly? date)
    {
        if (context.Plan is null) return Page();
        Plans = context.Plans;
        Plan = string.IsNullOrEmpty(Key) ? context.Plan : context.PlanByKey(Key);
        if (Plan is null) return NotFound();
        Working = Plan.Key == context.Plan.Key;
        AsOf = date ?? context.AsOfFor(Plan);
        Results = context.ResultsOf(Plan, AsOf);
        Grid = new VillageGrid(Results);
        return Page();
    }
}
