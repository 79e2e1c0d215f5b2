using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Showcase;
using Qingling.Data.Database;
using Qingling.Data.Showcase;
using Qingling.Web.Showcase;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Showcase;

/// <summary>A 典型案例 for printing: its text, income table and chart, within the user's scope.</summary>
public class PrintModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public ShowcaseCase Case { get; private set; } = null!;

    public IActionResult OnGet(long id)
    {
        if (context.Plan is not { } plan) return NotFound();
        try { Case = new ShowcaseHandler(store, plan, current.Actor).Get(id); }
        catch (KeyNotFoundException) { return NotFound(); }
        return ShowcaseAccess.Sees(current, Case) ? Page() : NotFound();
    }
}
