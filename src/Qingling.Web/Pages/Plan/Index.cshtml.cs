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

    public void OnGet(DateOnly? date)
    {
        Plan = context.Plan;
        if (Plan is null) return;
        AsOf = date ?? context.AsOf;
        Results = context.Results(AsOf);
    }
}
