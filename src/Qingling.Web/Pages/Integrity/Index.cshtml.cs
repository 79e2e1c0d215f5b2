using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Integrity;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Integrity;

/// <summary>诚信预警: the year's 数字增收 alerts by village, filtered by kind and village, within the user's scope.</summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Village { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    public IReadOnlyList<IntegrityAlert> Alerts { get; private set; } = [];
    public IReadOnlyList<string> VillageNames { get; private set; } = [];
    public IReadOnlyList<VillageBunching> Bunching { get; private set; } = [];
    public decimal Line { get; private set; } = 10_000m;
    public bool WholeYear { get; private set; } = true;
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IActionResult OnGet()
    {
        Line = context.Plan?.IncomeLine ?? 10_000m;
        Year ??= IntegrityView.DefaultYear(store);
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(Kind) && IntegrityKinds.Parse(Kind) is null)
            problems.Add($"没有预警类型“{Kind}”。已有：{string.Join("、", IntegrityKinds.All.Select(IntegrityKinds.Name))}");
        if (Year is < Cli.FormatOption.FirstYear or > Cli.FormatOption.LastYear)
            problems.Add($"年度应为{Cli.FormatOption.FirstYear}到{Cli.FormatOption.LastYear}之间的年份");
        if (problems.Count > 0)
        {
            Problems = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var (report, visible) = IntegrityView.Load(store, current, Year!.Value, Line, cache: context);
        WholeYear = report.WholeYear;
        var kind = string.IsNullOrEmpty(Kind) ? null : IntegrityKinds.Parse(Kind);
        Alerts = visible.Where(a => string.IsNullOrEmpty(Village) || a.Village == Village).Where(a => kind is null || a.Kind == kind).ToList();
        // Village users see their own villages' bunching; the town share stays the town's.
        var villages = current.VisibleHouseholds is null ? null : visible.Select(a => a.Village).Concat(current.User.VillageList).ToHashSet();
        Bunching = report.Bunching.Where(b => (villages is null || villages.Contains(b.Village)) && (string.IsNullOrEmpty(Village) || b.Village == Village)).ToList();
        // Only the villages this user may see are offered in the filter.
        VillageNames = visible.Select(a => a.Village).Concat(report.Bunching.Where(b => villages is null || villages.Contains(b.Village)).Select(b => b.Village))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return Page();
    }

    public static IReadOnlyList<string> AllKinds => IntegrityKinds.All;
}
