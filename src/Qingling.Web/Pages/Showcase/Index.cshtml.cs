using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Showcase;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Showcase;
using Qingling.Web.Showcase;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Showcase;

/// <summary>
/// 选树典型: the candidates the record supports (households, and villages and work teams at the top of the scorecard) by
/// channel and village, the cases drafted, and the published cases by channel and village; each user within their scope.
/// </summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public IReadOnlyList<ShowcaseCandidate> Households { get; private set; } = [];
    public IReadOnlyList<ShowcaseCandidate> Units { get; private set; } = [];
    public IReadOnlyList<ShowcaseCase> Cases { get; private set; } = [];
    public DateOnly Date { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public string? NoPlan { get; private set; }

    public bool MayDraft(ShowcaseCandidate c) => ShowcaseAccess.Edits(current, c.HouseholdId);

    public IActionResult OnGet() => Load();

    public IActionResult OnPostDraft(string household)
    {
        if (context.Plan is not { } plan) return NotFound();
        using (var db = store.CreateContext())
        {
            var h = db.Households.Where(x => x.Code == household).Select(x => new { x.Id }).SingleOrDefault();
            if (h is null || !current.CanSee(h.Id)) return NotFound();
            if (!ShowcaseAccess.Edits(current, h.Id))
            {
                Problems = ["只有镇管理员、本户所在村（社区）和帮扶部门的工作人员可以起草案例"];
                Load();
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
        }
        try
        {
            var c = new ShowcaseHandler(store, plan, current.Actor).Draft(household ?? "", context.AsOf);
            return Redirect($"/Showcase/Case/{c.Id}");
        }
        catch (InvalidOperationException e)
        {
            Problems = [e.Message];
            Load();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    IActionResult Load()
    {
        if (context.Plan is not { } plan) { NoPlan = "尚未载入方案"; return Page(); }
        Date = context.AsOf;
        // The whole town's candidates (progress, integrity, scorecards), derived once per data change; each user then
        // sees those in scope.
        var all = context.Derived(("showcase-candidates", Date), () =>
        {
            using var db = store.CreateContext();
            return ShowcaseCandidates.List(db, plan, Date, current.Actor);
        });
        Households = all.Where(c => c.Kind == "household" && current.CanSee(c.HouseholdId))
            .OrderBy(c => c.ChannelName, StringComparer.Ordinal).ThenBy(c => c.Village, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        // Units are named on the scorecard; a village user sees only its own village among them, a department none.
        Units = all.Where(c => c.Kind != "household" && (current.User.ReadsEverything || (current.User.Role == Role.Village && c.Kind == "village" && current.User.VillageList.Contains(c.Name)))).ToList();
        Cases = new ShowcaseHandler(store, plan, current.Actor).Cases().Where(c => ShowcaseAccess.Sees(current, c))
            .OrderBy(c => c.Channel, StringComparer.Ordinal).ThenBy(c => c.Village, StringComparer.Ordinal).ThenBy(c => c.Id).ToList();
        return Page();
    }
}
