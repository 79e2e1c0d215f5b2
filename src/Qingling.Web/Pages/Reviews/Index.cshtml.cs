using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Rhythm;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Rhythm;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Reviews;

/// <summary>镇级半月研判: the pack for a date; holding the review freezes it; decisions are recorded as tasks.</summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public ReviewPack? Pack { get; private set; }
    public IReadOnlyList<Review> Held { get; private set; } = [];
    public DateOnly Date { get; private set; }
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }
    public bool CanDecide => current.User.Role == Role.Admin;
    public Core.Plans.PlanDefinition? Plan => context.Plan;
    public IReadOnlyList<string> Villages { get; private set; } = [];
    public IReadOnlyDictionary<string, Data.Queries.HouseholdLabel> Labels { get; private set; } = new Dictionary<string, Data.Queries.HouseholdLabel>();
    /// <summary>The trace's chain head as printed on this pack (at the hold, when held).</summary>
    public string? ChainHead { get; private set; }
    /// <summary>What was typed into a refused task form, shown again so nothing has to be typed twice.</summary>
    public TypedTask? Typed { get; private set; }
    public sealed record TypedTask(string Title, string Owner, DateOnly? Due, string Households);

    /// <summary>The pack's fragment key: the pack and its labels are derived once per data version and date.</summary>
    public string FragmentKey => context.DataFragmentKey($"review {Date:yyyy-MM-dd}");

    public IActionResult OnGet(DateOnly? date) => Load(date);

    IActionResult Load(DateOnly? date)
    {
        if (context.Plan is null) return Page();
        if (!current.User.ReadsEverything) return Forbid(); // the pack covers the whole town
        Date = date ?? context.AsOf;
        using var db = store.CreateContext();
        Pack = ReviewPacks.For(store, context, Date);
        // The pack names thousands of households at a county's scale (those under the line without a measure): their labels
        // are read once per data change with the pack, not on every view (0.4 s of each request at 250,000 households).
        var pack = Pack;
        Labels = context.Derived(("review-labels", Date), () =>
        {
            using var read = store.CreateContext();
            return Data.Queries.HouseholdLabels.LoadByCode(read, pack.Entered.Concat(pack.Left).Select(h => h.Code)
                .Concat(pack.Due.Concat(pack.Overdue).Concat(pack.Unverified).Select(m => m.HouseholdCode)).Concat(pack.UnderLineWithoutMeasure.Select(h => h.Code)));
        });
        Held = db.Reviews.AsNoTracking().Where(r => r.PlanKey == context.Plan.Key).OrderByDescending(r => r.On).ToList();
        ChainHead = Data.Audit.PackHead.Line(db, context.Plan.Key, ReviewKind.HalfMonthly, Date, Show.Time);
        Villages = db.Regions.AsNoTracking().Where(r => r.Level == Core.Regions.RegionLevel.Village).Select(r => r.Name).OrderBy(n => n).ToList();
        return Page();
    }

    public IActionResult OnPostHold(DateOnly date)
    {
        if (!CanDecide || context.Plan is null) return Forbid();
        // The pack of the data as they stand, the one the page shows for them (kept per data change; the whole town's, as
        // only administrators hold a review), not a second reading of the town (6–11 s at 250,000 households).
        var pack = ReviewPacks.For(store, context, date);
        try
        {
            Message = $"已召开研判#{new RhythmHandler(store, context.Plan, current.Actor).Hold(pack, ReviewKind.HalfMonthly).Id}，本次材料已冻结";
            return Saved(date);
        }
        catch (InvalidOperationException e) { Error = e.Message; }
        return Refused(date);
    }

    public IActionResult OnPostTask(DateOnly date, long? reviewId, string title, string owner, DateOnly? due, string? households)
    {
        if (!CanDecide || context.Plan is null) return Forbid();
        try
        {
            // A missing or unreadable date is one of the problems listed, not a silent 0001-01-01.
            var t = new RhythmHandler(store, context.Plan, current.Actor).AddTask(reviewId, title ?? "", owner ?? "", due ?? default,
                (households ?? "").Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Message = $"已记录任务#{t.Id}";
            return Saved(date);
        }
        catch (InvalidOperationException e) { Error = e.Message; }
        Typed = new TypedTask(title ?? "", owner ?? "", due, households ?? "");
        return Refused(date);
    }

    /// <summary>Saved: back to the pack of the same date by redirect, so a reload holds or records nothing twice.</summary>
    IActionResult Saved(DateOnly date) => Redirect($"/Reviews?date={date:yyyy-MM-dd}");

    IActionResult Refused(DateOnly date)
    {
        var page = Load(date);
        Message = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    /// <summary>A task is marked done by an administrator or by its owner: the department, or a cadre of the village.</summary>
    public IActionResult OnPostDone(DateOnly date, long taskId, string note)
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
            new RhythmHandler(store, context.Plan, current.Actor).CompleteTask(taskId, date, note ?? "");
            Message = $"任务#{taskId}已完成";
            // Those who cannot read the pack go back to their own work, where their tasks are.
            return current.User.ReadsEverything ? Saved(date) : Redirect("/Mine");
        }
        catch (InvalidOperationException e) { Error = e.Message; }
        return current.User.ReadsEverything ? Refused(date) : Redirect("/Mine");
    }
}
