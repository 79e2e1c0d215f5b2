using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Data.Database;
using Qingling.Web.Regions;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Regions;

/// <summary>
/// 区域汇总: a county's, city's or province's figures rolled up, one row per child region with a way down. Region
/// accounts see their own region and below; the town's reading roles see the whole tree; others are refused.
/// </summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public RegionView View { get; private set; } = null!;

    public IActionResult OnGet(string? code, int? year)
    {
        var (view, status) = RegionView.Load(store, current, context, code, year);
        if (view is null) return StatusCode(status);
        View = view;
        return Page();
    }
}
