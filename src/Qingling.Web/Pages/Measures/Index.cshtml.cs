using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Measures;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Data.Queries;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Measures;

/// <summary>帮扶措施: a department's own measures, those due within 30 days, those overdue.</summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public string View { get; set; } = "all";
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty(SupportsGet = true)] public int? Size { get; set; }
    public IReadOnlyList<MeasureRow> Rows { get; private set; } = [];
    public Paged<MeasureRow> Shown { get; private set; } = Paging.Of(Array.Empty<MeasureRow>(), 1, null);
    public IReadOnlyDictionary<long, HouseholdLabel> Labels { get; private set; } = new Dictionary<long, HouseholdLabel>();
    public DateOnly Today { get; private set; }
    public IReadOnlyList<string> Departments { get; private set; } = [];

    public void OnGet()
    {
        if (context.Plan is null) return;
        Today = context.AsOf;
        Departments = context.Plan.Departments;
        if (current.User.Role == Role.Department) Department = current.User.Department;
        using var db = store.CreateContext();
        var rows = MeasureQuery.List(db, context.Plan.Key, new MeasureFilter(Department: string.IsNullOrEmpty(Department) ? null : Department))
            .Where(r => current.CanSee(r.HouseholdId));
        Rows = (View switch
        {
            "due" => rows.Where(r => r.Status is MeasureStatus.Planned or MeasureStatus.UnderWay && r.End >= Today && r.End <= Today.AddDays(30)),
            "overdue" => rows.Where(r => r.OverdueOn(Today)),
            "unverified" => rows.Where(r => r.Status == MeasureStatus.Done),
            _ => rows,
        }).ToList();
        Shown = Paging.Of(Rows, P, Size);
        Labels = HouseholdLabels.Load(db, Shown.Items.Select(r => r.HouseholdId));
    }
}
