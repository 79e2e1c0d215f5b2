using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Indicators;
using Qingling.Core.Plans;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Plan;

/// <summary>方案与指标: the plan's terms, and every indicator by village and by department.</summary>
public class IndexModel(PlanContext context) : PageModel
{
    public PlanDefinition? Plan { get; private set; }
    public DateOnly AsOf { get; private set; }
    public IReadOnlyList<IndicatorResult> Results { get; private set; } = [];
    /// <summary>The indicators by village.</summary>
    public VillageGrid Grid { get; private set; } = new([]);
    /// <summary>The indicator table's fragment key (<see cref="PlanContext.FiguresFragmentKey"/>).</summary>
    public string FragmentKey => context.FiguresFragmentKey(AsOf);

    public void OnGet(DateOnly? date)
    {
        Plan = context.Plan;
        if (Plan is null) return;
        AsOf = date ?? context.AsOf;
        Results = context.Results(AsOf);
        Grid = new VillageGrid(Results);
    }
}
