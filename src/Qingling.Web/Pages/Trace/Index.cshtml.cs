using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Trace;

/// <summary>留痕: the append-only trace, for administrators and auditors, filtered by who, when, household and object, in pages.</summary>
public class IndexModel(Store store, CurrentUser current) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true, Name = "user")] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Household { get; set; }
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty(SupportsGet = true)] public int? Size { get; set; }
    public Paged<AuditEntry> Entries { get; private set; } = Paging.Of(Array.Empty<AuditEntry>(), 1, null);
    public IReadOnlyList<string> Actors { get; private set; } = [];
    public IReadOnlyList<string> Entities { get; private set; } = [];
    public string? Problem { get; private set; }
    public TraceFilter Filter => new(Actor, From, To, Household, Entity);

    public IActionResult OnGet()
    {
        if (current.User.Role is not (Role.Admin or Role.Auditor)) return Forbid();
        using var db = store.CreateContext();
        Actors = db.AuditEntries.AsNoTracking().Select(a => a.Actor).Distinct().OrderBy(a => a).ToList();
        // Every kind of object the trace holds (visits, rounds, tasks and reviews among them), as recorded.
        Entities = db.AuditEntries.AsNoTracking().Select(a => a.Entity).Distinct().OrderBy(e => e).ToList();
        if (From is { } f && To is { } t && t < f)
        {
            Problem = $"结束日期{t:yyyy-MM-dd}早于开始日期{f:yyyy-MM-dd}";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var q = Filter.Apply(db);
        if (q is null)
        {
            Problem = $"没有户编号为“{Household!.Trim()}”的户";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Entries = Paging.Of(q, P, Size);
        return Page();
    }
}
