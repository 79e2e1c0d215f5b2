using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Trace;

/// <summary>
/// 校验: the auditor's (and administrator's) button on the trace page. Recomputes the whole chain and every digest,
/// so it runs behind the heavy-work limiter (<see cref="HeavyWork"/>); a POST, so a link cannot start it.
/// </summary>
public class VerifyModel(Store store, CurrentUser current) : PageModel
{
    public TraceReport? Report { get; private set; }

    public IActionResult OnGet() => current.User.Role is Role.Admin or Role.Auditor ? RedirectToPage("Index") : Forbid();

    public IActionResult OnPost()
    {
        if (current.User.Role is not (Role.Admin or Role.Auditor)) return Forbid();
        using var db = store.CreateContext();
        Report = TraceVerifier.Verify(db, Show.Time, cancel: HttpContext.RequestAborted, photos: new Data.Photos.EvidenceFiles(store.EvidenceFolder));
        return Page();
    }
}
