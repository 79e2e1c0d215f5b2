using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Core.Rhythm;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Data.Queries;
using Qingling.Data.Rhythm;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Mine;

/// <summary>
/// 我的工作: where a village cadre or a department lands after signing in. The households still to visit in this
/// round (with names, groups and last visit), the user's measures overdue, due within 30 days and done but not yet
/// verified with the income they brought, and the tasks the user owns, follow-ups opened by their own visits among
/// them, each completed from here.
/// </summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public const int Shown = 20;
    public sealed record ToVisit(string Code, HouseholdLabel Label, DateOnly? LastVisit);
    public sealed record RoundWork(ScreeningRound Round, string Village, int Visited, IReadOnlyList<ToVisit> Households, int NotVisited);

    public DateOnly Today { get; private set; }
    public IReadOnlyList<RoundWork> Rounds { get; private set; } = [];
    public IReadOnlyList<MeasureRow> Due { get; private set; } = [];
    public IReadOnlyList<MeasureRow> Overdue { get; private set; } = [];
    /// <summary>Done and waiting to be verified: the income a measure brought counts only once it is verified.</summary>
    public IReadOnlyList<MeasureRow> ToVerify { get; private set; } = [];
    public int DueCount { get; private set; }
    public int OverdueCount { get; private set; }
    public int ToVerifyCount { get; private set; }
    public IReadOnlyDictionary<long, HouseholdLabel> Labels { get; private set; } = new Dictionary<long, HouseholdLabel>();
    public IReadOnlyList<FollowUpTask> Tasks { get; private set; } = [];
    public bool IsVillage => current.User.Role == Role.Village;
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }

    public IActionResult OnGet()
    {
        if (context.Plan is null) return Page();
        Today = context.AsOf;
        using var db = store.CreateContext();
        if (IsVillage)
        {
            // This round: each of my villages' latest round.
            var latest = RhythmQueries.Rounds(db, context.Plan.Key).Where(r => current.User.VillageList.Contains(r.Village))
                .GroupBy(r => r.Village).Select(g => g.First()).ToList();
            var work = new List<RoundWork>();
            foreach (var r in latest)
            {
                var status = RhythmQueries.Round(db, r.Round.Id);
                var first = status.NotVisited.Take(Shown).ToList();
                var labels = HouseholdLabels.LoadByCode(db, first);
                var last = db.Visits.AsNoTracking().Join(db.Households.AsNoTracking().Where(h => first.Contains(h.Code)), v => v.HouseholdId, h => h.Id, (v, h) => new { h.Code, v.On })
                    .AsEnumerable().GroupBy(x => x.Code).ToDictionary(g => g.Key, g => g.Max(x => x.On));
                work.Add(new RoundWork(r.Round, r.Village, r.Visited, first.Select(c => new ToVisit(c, labels.For(c), last.TryGetValue(c, out var d) ? d : null)).ToList(), status.NotVisited.Count));
            }
            Rounds = work;
        }
        var department = current.User.Role == Role.Department ? current.User.Department : null;
        var mine = global::Qingling.Web.Measures.MeasureList.PlanRows(db, context.Plan.Key, department, context).Where(r => current.CanSee(r.HouseholdId)).ToList();
        var due = mine.Where(r => r.Status is MeasureStatus.Planned or MeasureStatus.UnderWay && r.End >= Today && r.End <= Today.AddDays(30)).OrderBy(r => r.End).ToList();
        var overdue = mine.Where(r => r.OverdueOn(Today)).OrderBy(r => r.End).ToList();
        var toVerify = mine.Where(r => r.Status == MeasureStatus.Done).OrderBy(r => r.End).ToList();
        (DueCount, OverdueCount, ToVerifyCount) = (due.Count, overdue.Count, toVerify.Count);
        (Due, Overdue, ToVerify) = (due.Take(Shown).ToList(), overdue.Take(Shown).ToList(), toVerify.Take(Shown).ToList());
        Labels = HouseholdLabels.Load(db, Due.Concat(Overdue).Concat(ToVerify).Select(r => r.HouseholdId));
        var owners = current.User.Role switch
        {
            Role.Village => current.User.VillageList.ToList(),
            Role.Department => [current.User.Department ?? ""],
            _ => null,
        };
        var tasks = db.Tasks.AsNoTracking().Where(t => t.PlanKey == context.Plan.Key && t.Status == Core.Rhythm.TaskStatus.Open);
        if (owners is not null) tasks = tasks.Where(t => owners.Contains(t.Owner));
        Tasks = tasks.OrderBy(t => t.Due).Take(100).ToList();
        return Page();
    }

    /// <summary>A task completed by its owner; the page reloads by redirect, so a reload completes nothing twice.</summary>
    public IActionResult OnPostDone(long taskId, DateOnly? on, string? note)
    {
        if (context.Plan is null) return Forbid();
        using (var db = store.CreateContext())
        {
            var task = db.Tasks.AsNoTracking().SingleOrDefault(t => t.Id == taskId);
            if (task is null) return NotFound();
            var owns = current.User.Role switch
            {
                Role.Admin => true,
                Role.Department => task.Owner == current.User.Department,
                Role.Village => current.User.VillageList.Contains(task.Owner),
                _ => false,
            };
            if (!owns) return Forbid();
        }
        try
        {
            new RhythmHandler(store, context.Plan, current.Actor).CompleteTask(taskId, on ?? context.AsOf, note ?? "");
            Message = $"任务#{taskId}已完成";
            return RedirectToPage();
        }
        catch (InvalidOperationException e) { Error = e.Message; }
        OnGet();
        Message = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public bool CanComplete => current.User.Role is Role.Admin or Role.Department or Role.Village;
}
