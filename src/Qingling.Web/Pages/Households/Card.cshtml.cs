using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Households;

/// <summary>The printable A4 一户一策 card.</summary>
public class CardModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public HouseholdFile Household { get; private set; } = null!;
    public Core.Plans.PlanDefinition? Plan => context.Plan;

    public IActionResult OnGet(string code)
    {
        var file = HouseholdFile.Load(store, current, code, context.Plan?.Key);
        if (file is null) return NotFound();
        Household = file;
        return Page();
    }
}
