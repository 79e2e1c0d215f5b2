using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Assessment;
using Qingling.Core.Users;
using Qingling.Data.Assessment;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Assessment;

/// <summary>
/// 考核: the ranking of each kind of unit for a period, a unit's trend over the year and the facts behind each item.
/// Town users see every unit; a village cadre sees their own village's card, a department its own: with what would raise it.
/// </summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    /// <summary>The item whose facts are shown (drill-down).</summary>
    [BindProperty(SupportsGet = true)] public string? Item { get; set; }

    public AssessmentResult? Result { get; private set; }
    public IReadOnlyList<AssessmentResult> Trend { get; private set; } = [];
    public UnitScore? Card { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public IReadOnlyList<AssessmentPeriod> Periods { get; private set; } = [];
    public bool SeesAll => current.User.ReadsEverything;
    public string? NoRules { get; private set; }

    public IActionResult OnGet() => Load() ?? Page();

    /// <summary>The ranking (or, for a village or department user, their own card) as an Excel file.</summary>
    public IActionResult OnGetExcel()
    {
        if (Load() is { } refused) return refused;
        if (Result is null) return NotFound();
        var rows = Visible(Result.Scores).SelectMany(s => s.Items.Select(i => new Dictionary<string, object?>
        {
            ["考核期"] = Result.Period.Name, ["类别"] = s.KindName, ["单位"] = s.Unit, ["得分"] = s.Score, ["名次"] = s.Rank, ["较上期"] = s.Change,
            ["项目"] = i.Name, ["分值"] = i.Weight, ["项目得分"] = i.Deduction ? -i.Points : i.Points, ["计入"] = i.Numerator, ["应考核"] = i.Denominator, ["说明"] = i.Basis,
        })).ToList();
        var title = Exports.XlsxExport.Title($"考核（{Result.Period.Name}）", context.Plan!.Name, Exports.XlsxExport.Scope(current.User), Result.Period.Name, current.User, DateTime.UtcNow);
        return File(Exports.XlsxExport.Write(title, rows, "考核"), Exports.XlsxExport.ContentType, $"考核-{Result.Period.Key}.xlsx");
    }

    /// <summary>Loads the period; a result to return instead of the page when the request is refused.</summary>
    IActionResult? Load()
    {
        var plan = context.Plan;
        if (plan is null) { NoRules = "尚未载入方案"; return null; }
        if (plan.Assessment is not { } rules) { NoRules = $"方案“{plan.Name}”没有考核细则（assessment）"; return null; }
        Periods = AssessmentPeriod.InYear(rules.Period, plan.Year);
        var problems = new List<string>();
        AssessmentPeriod? period = null;
        if (string.IsNullOrEmpty(Period))
        {
            var asOf = context.AsOf;
            period = Periods.LastOrDefault(p => p.To <= asOf) ?? Periods[0];
        }
        else
        {
            try { period = AssessmentHandler.ParsePeriod(plan, Period); }
            catch (ArgumentException e) { problems.Add(e.Message); }
        }
        UnitKind? kind = null;
        if (!string.IsNullOrEmpty(Kind) && (kind = UnitKinds.Parse(Kind)) is null)
            problems.Add($"没有单位类别“{Kind}”。可用：{string.Join("、", UnitKinds.CliKeys)}");
        if (problems.Count > 0)
        {
            Problems = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }
        Period = period!.Key;
        // Scores are the town's, computed once per data version and period; each user sees their share of them.
        var ct = HttpContext.RequestAborted;
        Result = Scores(context, store, plan, period, current.Actor, ct);
        // A village or department user goes straight to their own card.
        if (!SeesAll && Unit is null)
        {
            var own = Visible(Result.Scores).FirstOrDefault();
            (kind, Unit) = (own?.Kind, own?.Unit);
        }
        if (Unit is not null)
        {
            Card = Result.Scores.FirstOrDefault(s => s.Unit == Unit && (kind is null || s.Kind == kind));
            // Another unit's card is out of scope, answered as one that does not exist.
            if (Card is null || !Visible([Card]).Any()) return NotFound();
            Trend = context.Derived(("assessment-trend", period.Key), () =>
            {
                using var db = store.CreateContext();
                return AssessmentHandler.Trend(db, plan, period, current.Actor, ct, Inputs(context, plan));
            });
        }
        Kind = kind is { } k ? UnitKinds.Key(k) : null;
        return null;
    }

    /// <summary>The town's scores for a period, computed once per data version and shared by this page and the 通报.</summary>
    public static AssessmentResult Scores(PlanContext context, Store store, Core.Plans.PlanDefinition plan, AssessmentPeriod period, string actor, CancellationToken ct) =>
        context.Derived(("assessment", period.Key), () =>
        {
            using var db = store.CreateContext();
            return AssessmentHandler.Compute(db, plan, period, actor, ct, Inputs(context, plan));
        });

    /// <summary>
    /// The plan's inputs on a date from the data the pages keep (the dashboard's): the town's, unscoped, as the scores are
    /// the town's. Only for the plan the pages work on; another plan's are read by the scoring itself. Each date's inputs
    /// are derived and let go, not kept: a monthly trend would otherwise keep twelve copies of the town in the cache.
    /// </summary>
    static Func<DateOnly, Core.Indicators.ProgressInput>? Inputs(PlanContext context, Core.Plans.PlanDefinition plan) =>
        plan.Key == context.Plan?.Key ? d => context.Data.At(d) : null;

    /// <summary>The cards this user may see: all for town users; their villages' or department's own otherwise.</summary>
    public IEnumerable<UnitScore> Visible(IEnumerable<UnitScore> scores) => current.User.Role switch
    {
        Role.Village => scores.Where(s => s.Kind == UnitKind.Village && current.User.VillageList.Contains(s.Unit)),
        Role.Department => scores.Where(s => s.Kind == UnitKind.Department && s.Unit == current.User.Department),
        _ => scores,
    };

    /// <summary>The household page a fact leads to, when it concerns one household.</summary>
    public static string? Link(FactRef f) => f.Household is { Length: > 0 } code ? $"/Households/{code}" : null;
}
