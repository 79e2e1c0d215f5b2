using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Trace;

/// <summary>留痕: the append-only trace, for administrators and auditors, filtered by who, when, household and object, in pages.</summary>
public class IndexModel(Store store, CurrentUser current, TraceCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true, Name = "user")] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Household { get; set; }
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty(SupportsGet = true)] public int? Size { get; set; }
    public Paged<AuditEntry> Entries { get; private set; } = Paging.Of(Array.Empty<AuditEntry>(), 1, null);
    /// <summary>Each shown line's fields, by line id.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<TraceField>> Fields { get; private set; } = new Dictionary<long, IReadOnlyList<TraceField>>();
    public IReadOnlyList<string> Actors { get; private set; } = [];
    public IReadOnlyList<string> Entities { get; private set; } = [];
    public string? Problem { get; private set; }
    public TraceFilter Filter => new(Actor, From, To, Household, Entity);

    public IActionResult OnGet()
    {
        if (current.User.Role is not (Role.Admin or Role.Auditor)) return Forbid();
        using var db = store.CreateContext();
        var end = TraceCache.End(db);
        // Every actor, and every kind of object the trace holds (visits, rounds, tasks and reviews among them), as recorded.
        (Actors, Entities) = cache.Choices(db, end);
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
        // The line's snapshots (a frozen baseline list is a megabyte) are read only for lines whose fields are not known yet.
        Entries = Paging.Of(q.Select(a => new AuditEntry
        {
            Id = a.Id, At = a.At, Actor = a.Actor, Action = a.Action, Entity = a.Entity, EntityId = a.EntityId, HouseholdId = a.HouseholdId,
            Summary = a.Summary, Hash = a.Hash,
        }), P, Size, cache.Count(Filter, end, q.Count));
        var fields = new Dictionary<long, IReadOnlyList<TraceField>>();
        foreach (var a in Entries.Items)
            if (cache.KnownFields(a.Id, a.Hash) is { } known) fields[a.Id] = known;
        var missing = Entries.Items.Where(a => !fields.ContainsKey(a.Id)).Select(a => a.Id).ToList();
        foreach (var s in db.AuditEntries.AsNoTracking().Where(a => missing.Contains(a.Id)).Select(a => new { a.Id, a.Hash, a.Before, a.After }))
            fields[s.Id] = cache.Fields(s.Id, s.Hash, s.Before, s.After);
        Fields = fields;
        return Page();
    }
}
