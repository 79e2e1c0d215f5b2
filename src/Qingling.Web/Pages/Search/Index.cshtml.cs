using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Search;

/// <summary>查找农户: the top bar's search, by name, 户编号 or ID number, within the user's scope.</summary>
public class IndexModel(Store store, CurrentUser current) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<SearchHit> Hits { get; private set; } = [];
    public bool More { get; private set; }
    public string? Problem { get; private set; }

    public IActionResult OnGet()
    {
        (Hits, More, Problem) = HouseholdSearch.Find(store, current, Q);
        if (Problem is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
