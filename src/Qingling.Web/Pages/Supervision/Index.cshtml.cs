using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Supervision;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Supervision;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Supervision;

/// <summary>
/// 督办: town users see every department's and village's open, due and overdue measures, tasks and alerts on one page,
/// and the administrator (镇乡村振兴办) sends 督办; a department or village sees its own row and the 督办 sent to it, and
/// reports them done.
/// </summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public IReadOnlyList<SupervisionRow> Rows { get; private set; } = [];
    public IReadOnlyList<Reminder> Reminders { get; private set; } = [];
    public DateOnly Date { get; private set; }
    /// <summary>What the last post did, carried over its redirect (a reload then sends and completes nothing twice).</summary>
    [TempData] public string? Message { get; set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];
    /// <summary>What was typed into the 发出督办 form, shown again when it was refused.</summary>
    public (string Recipient, string Subject, DateOnly? Deadline) Typed { get; private set; }
    public string? ReviewOverdue { get; private set; }
    public bool CanSend => current.User.Role == Role.Admin;
    public bool SeesAll => current.User.ReadsEverything;
    public IReadOnlyList<string> Recipients { get; private set; } = [];
    public IReadOnlyList<Escalated> Escalated { get; private set; } = [];
    public int? EscalateAfterDays { get; private set; }

    /// <summary>Whether this user answers for (and sees the 督办 of) a department or village.</summary>
    public bool Answers(string owner) => current.User.Role switch
    {
        Role.Admin => true,
        Role.Village => current.User.VillageList.Contains(owner),
        Role.Department => current.User.Department == owner,
        _ => false,
    };

    bool Sees(string owner) => SeesAll || Answers(owner);

    public IActionResult OnGet() => Load();

    public IActionResult OnPostSend(string recipient, string subject, DateOnly? deadline)
    {
        if (!CanSend) return Forbid();
        if (context.Plan is null) return NotFound();
        Typed = (recipient ?? "", subject ?? "", deadline);
        try
        {
            // Refused with every problem at once: a missing deadline is named beside the recipient's and the subject's.
            var r = new SupervisionHandler(store, context.Plan, current.Actor).Send(recipient ?? "", subject ?? "", deadline, context.AsOf);
            Message = $"已向{r.Recipient}发出督办#{r.Id}，{r.Deadline:yyyy-MM-dd}前办结";
        }
        catch (InvalidOperationException e) { return Refused(WebErrors.Problems(e.Message)); }
        return RedirectToPage();
    }

    public IActionResult OnPostDone(long id, string note)
    {
        if (context.Plan is null) return NotFound();
        try
        {
            var r = new SupervisionHandler(store, context.Plan, current.Actor).Complete(id, context.AsOf, note ?? "", Answers);
            Message = $"督办#{r.Id}已办结";
        }
        catch (KeyNotFoundException) { return NotFound(); }
        catch (InvalidOperationException e) { return Refused([e.Message]); }
        return RedirectToPage();
    }

    IActionResult Refused(IReadOnlyList<string> problems)
    {
        Message = null;
        Problems = problems;
        Load();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    IActionResult Load()
    {
        if (context.Plan is not { } plan) return Page();
        Date = context.AsOf;
        var handler = new SupervisionHandler(store, plan, current.Actor);
        // The whole town's board is derived once per change of the data (a 督办 sent, a task or alert moved counts too) and
        // date, then cut to what this user sees: at 250,000 households each view walked every open measure once per
        // department and village. Its progress and integrity report come from the figures cache.
        var (rows, escalated) = context.Derived(("supervision-board", Date),
            () => handler.BoardWithEscalations(Date, HttpContext.RequestAborted, context.TownProgress(Date), context.Integrity(plan.Year, plan.IncomeLine)).ToTuple());
        Rows = rows.Where(r => Sees(r.Owner)).ToList();
        // A department or village sees the escalated items it answers for; town users see them all.
        Escalated = escalated.Where(e => e.Owners.Any(Sees)).ToList();
        EscalateAfterDays = plan.Assessment?.EscalateAfterDays;
        Reminders = handler.Reminders(Sees);
        Recipients = Rows.Select(r => r.Owner).ToList();
        using var db = store.CreateContext();
        var last = db.Reviews.Where(r => r.PlanKey == plan.Key && r.Kind == Core.Rhythm.ReviewKind.HalfMonthly && r.On <= Date).Max(r => (DateOnly?)r.On);
        ReviewOverdue = Cadence.ReviewOverdueNote(last, Date, plan.Rhythm.ReviewEveryDays, plan.Year);
        return Page();
    }
}
