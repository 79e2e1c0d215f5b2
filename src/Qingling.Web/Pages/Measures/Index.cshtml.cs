using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Data.Photos;
using Qingling.Data.Queries;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Measures;

/// <summary>帮扶措施: a department's own measures, those due within 30 days, those overdue.</summary>
[RequestSizeLimit(EvidenceWeb.RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceWeb.RequestLimit)]
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public string View { get; set; } = "all";
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty(SupportsGet = true)] public int? Size { get; set; }
    public IReadOnlyList<MeasureRow> Rows { get; private set; } = [];
    public Paged<MeasureRow> Shown { get; private set; } = Paging.Of(Array.Empty<MeasureRow>(), 1, null);
    public IReadOnlyDictionary<long, HouseholdLabel> Labels { get; private set; } = new Dictionary<long, HouseholdLabel>();
    /// <summary>The page's measures as stored (version, category), for the inline status change.</summary>
    public IReadOnlyDictionary<long, Measure> Stored { get; private set; } = new Dictionary<long, Measure>();
    public CurrentUser Current => current;
    public Core.Plans.PlanDefinition? Plan => context.Plan;
    [TempData] public string? Message { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public long? FailedMeasure { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<string> Departments { get; private set; } = [];
    /// <summary>The shown measures' photos this user may see, by measure.</summary>
    public IReadOnlyDictionary<long, EvidenceThumbs> Photos { get; private set; } = new Dictionary<long, EvidenceThumbs>();

    /// <summary>
    /// A department (or the village, or the town) moves a measure from the list, without opening the household; saved,
    /// it returns to the same list, filters and page; refused, the list comes back with every reason.
    /// </summary>
    public IActionResult OnPostStatus(long measureId, string? status, DateOnly? date, string? evidence, decimal? income, string? incomeSubcategory, int? version, List<IFormFile>? photos)
    {
        if (context.Plan is null) return NotFound();
        Measure? measure;
        using (var db = store.CreateContext()) measure = db.Measures.AsNoTracking().SingleOrDefault(m => m.Id == measureId);
        if (measure is null || !current.CanSee(measure.HouseholdId)) return NotFound();
        if (!current.CanChangeMeasure(measure)) return Forbid();
        var to = MeasureStatuses.Parse(status ?? "");
        try
        {
            if (to is null) throw new MeasureRejectedException("状态", [string.IsNullOrWhiteSpace(status) ? "请选择新的状态" : $"未知的状态“{status}”"]);
            if (date is null) throw new MeasureRejectedException("日期", ["请填写日期"]);
            // Photos are checked before the status moves: a refused photo saves nothing.
            var prepared = EvidenceWeb.Prepare(photos);
            new MeasureHandler(store, context.Plan, current.Actor) { Fields = MeasureFieldNames.WebForm }.Move(measureId, to.Value, date.Value, EvidenceWeb.EvidenceText(evidence, prepared.Count), income,
                string.IsNullOrWhiteSpace(incomeSubcategory) ? null : incomeSubcategory, version);
            Message = $"措施#{measureId}已改为“{MeasureStatuses.Name(to.Value)}”"
                + EvidenceWeb.AttachAfterSave(store, current, Core.Photos.EvidenceOwners.Measure, measureId, prepared); // the change stands either way
            var back = Request.Query.Where(q => q.Key != "handler").SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
            return Redirect("/Measures?" + string.Join("&", back));
        }
        catch (MeasureRejectedException e) { Errors = e.Problems.Select(p => $"措施#{measureId}：{p}").ToList(); Response.StatusCode = StatusCodes.Status400BadRequest; }
        catch (MeasureConflictException e) { Errors = [e.Message]; Response.StatusCode = StatusCodes.Status409Conflict; }
        catch (PhotoRejectedException e) { Errors = e.Problems.Select(p => $"措施#{measureId}：{p}").ToList(); Response.StatusCode = StatusCodes.Status400BadRequest; }
        FailedMeasure = measureId;
        OnGet();
        Message = null;
        return Page();
    }

    /// <summary>Today, or the measure's start when it has not begun: the date the form offers is one it accepts.</summary>
    public static DateOnly DefaultDate(Measure m)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        return today < m.Start ? m.Start : today;
    }

    public void OnGet()
    {
        if (context.Plan is null) return;
        Today = context.AsOf;
        Departments = context.Plan.Departments;
        if (current.User.Role == Role.Department) Department = current.User.Department;
        using var db = store.CreateContext();
        Rows = global::Qingling.Web.Measures.MeasureList.Load(db, context.Plan.Key, current, View, Department, Today, context);
        Shown = Paging.Of(Rows, P, Size);
        Labels = HouseholdLabels.Load(db, Shown.Items.Select(r => r.HouseholdId));
        var ids = Shown.Items.Select(r => r.Id).ToList();
        Stored = db.Measures.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionary(m => m.Id);
        var back = Request.Path + Request.QueryString;
        Photos = EvidenceHandler.For(db, Core.Photos.EvidenceOwners.Measure, ids).ToDictionary(g => g.Key, g => new EvidenceThumbs(
            g.Where(p => EvidenceWeb.CanView(current, p, Stored[g.Key].Department)).Select(p => (p, EvidenceWeb.CanDelete(current, p, Stored[g.Key].Department))).ToList(), back));
    }
}
