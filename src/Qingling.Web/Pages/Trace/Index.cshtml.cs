using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Trace;

/// <summary>留痕: the append-only trace, for administrators and auditors.</summary>
public class IndexModel(Store store, CurrentUser current) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }

    public IActionResult OnGet()
    {
        if (current.User.Role is not (Role.Admin or Role.Auditor)) return Forbid();
        using var db = store.CreateContext();
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(Entity)) q = q.Where(a => a.Entity == Entity);
        Entries = q.OrderByDescending(a => a.Id).Take(500).ToList();
        return Page();
    }
}
