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
    public IReadOnlyDictionary<(string Code, string Kind, string Key), AlertRecord> Records { get; private set; } = new Dictionary<(string, string, string), AlertRecord>();
    /// <summary>Only alerts in this state (open, explained, confirmed, dismissed); all when empty.</summary>
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    /// <summary>What the last explanation or dismissal did, carried over its redirect (a reload then moves nothing twice).</summary>
    [TempData] public string? Message { get; set; }
    public string? MoveError { get; private set; }
    public CurrentUser Current => current;

    /// <summary>Where an alert's forms post: this page with its filters, so the redirect after the move lands on the same list.</summary>
    public string ActionWithFilters => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Integrity",
        new Dictionary<string, string?> { ["Year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Village"] = Village, ["Kind"] = Kind, ["Status"] = Status }
            .Where(p => !string.IsNullOrEmpty(p.Value)));

    public AlertRecord? RecordOf(IntegrityAlert a) => Records.GetValueOrDefault((a.HouseholdCode, a.Kind, a.EvidenceKey));

    public IActionResult OnPostExplain(long id, string? evidence) => After(AlertMoves.Apply(store, current, id, h => h.Explain(id, evidence ?? "")));

    public IActionResult OnPostDismiss(long id, string? reason) => After(AlertMoves.Apply(store, current, id, h => h.Dismiss(id, reason ?? "")));

    IActionResult After((MoveOutcome Outcome, string Message) result)
    {
        switch (result.Outcome)
        {
            case MoveOutcome.NotFound: return NotFound();
            case MoveOutcome.Forbidden: return Forbid();
            case MoveOutcome.Rejected:
                Message = null;
                var page = OnGet();
                MoveError = result.Message;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return page;
            default:
                Message = result.Message;
                return LocalRedirect(ActionWithFilters);
        }
    }
    public IReadOnlyList<string> VillageNames { get; private set; } = [];
    public IReadOnlyList<VillageBunching> Bunching { get; private set; } = [];
    public decimal Line { get; private set; } = 10_000m;
    public bool WholeYear { get; private set; } = true;
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public IReadOnlyDictionary<string, Data.Queries.HouseholdLabel> Labels { get; private set; } = new Dictionary<string, Data.Queries.HouseholdLabel>();

    public IActionResult OnGet()
    {
        Line = context.Plan?.IncomeLine ?? 10_000m;
        Year ??= IntegrityView.DefaultYear(store, context);
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(Kind) && IntegrityKinds.Parse(Kind) is null)
            problems.Add($"没有预警类型“{Kind}”。已有：{string.Join("、", IntegrityKinds.All.Select(IntegrityKinds.Name))}");
        if (!string.IsNullOrEmpty(Status) && AlertStatuses.Parse(Status) is null)
            problems.Add($"没有预警状态“{Status}”。已有：待处理、已说明、已查实并更正、已排除");
        if (Year is < Cli.FormatOption.FirstYear or > Cli.FormatOption.LastYear)
            problems.Add($"年度应为{Cli.FormatOption.FirstYear}到{Cli.FormatOption.LastYear}之间的年份");
        if (problems.Count > 0)
        {
            Problems = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var (report, visible, records) = IntegrityView.Load(store, current, Year!.Value, Line, cache: context);
        Records = records;
        WholeYear = report.WholeYear;
        var kind = string.IsNullOrEmpty(Kind) ? null : IntegrityKinds.Parse(Kind);
        var status = string.IsNullOrEmpty(Status) ? null : AlertStatuses.Parse(Status);
        Alerts = visible.Where(a => string.IsNullOrEmpty(Village) || a.Village == Village).Where(a => kind is null || a.Kind == kind)
            .Where(a => status is null || (RecordOf(a)?.Status ?? AlertStatus.Open) == status).ToList();
        using (var db = store.CreateContext()) Labels = Data.Queries.HouseholdLabels.LoadByCode(db, Alerts.Select(a => a.HouseholdCode));
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
