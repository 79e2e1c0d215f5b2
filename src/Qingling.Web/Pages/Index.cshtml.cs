using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Web.Web;

namespace Qingling.Web.Pages;

/// <summary>
/// 总览: what decides the year first (households projected under the line, projected growth, what is behind plan),
/// every indicator against its target linking to its list, a table by village, departments against their own
/// measures' deadlines, and three charts fetched after the page (/api/charts).
/// </summary>
public class IndexModel(PlanContext context, CurrentUser current, Data.Database.Store store) : PageModel
{
    /// <summary>Open 诚信预警 of the plan year among the households this user may see (the checks as of this data version).</summary>
    public int OpenAlerts { get; private set; }
    /// <summary>When the half-monthly review is overdue against the plan's interval, the sentence saying so.</summary>
    public string? ReviewOverdue { get; private set; }
    public bool ReadsEverything => current.User.ReadsEverything;

    public PlanDefinition? Plan { get; private set; }
    public DateOnly AsOf { get; private set; }
    public IReadOnlyList<IndicatorResult> Indicators { get; private set; } = [];
    public IReadOnlyList<VillageRow> Villages { get; private set; } = [];
    /// <summary>The year-end projections the page leads with.</summary>
    public IReadOnlyList<IndicatorResult> Lead { get; private set; } = [];
    /// <summary>Indicators judged on the date and not met: what is behind plan.</summary>
    public IReadOnlyList<IndicatorResult> Behind { get; private set; } = [];
    public IReadOnlyList<DepartmentRow> Departments { get; private set; } = [];
    public int LedgerMonths { get; private set; } = 12;
    /// <summary>The village table's fragment key (<see cref="PlanContext.FiguresFragmentKey"/>).</summary>
    public string FragmentKey => context.FiguresFragmentKey(AsOf);

    /// <summary>A village: its households with a 一户一策, and its value of each indicator shown in the village table.</summary>
    public sealed record VillageRow(string Village, int PlanHouseholds, IReadOnlyList<decimal?> Values);

    /// <summary>
    /// A department against its own targets, its measures' deadlines: measures it owns, those due by the date and how many
    /// of them are done, and those overdue (due, not done).
    /// </summary>
    public sealed record DepartmentRow(string Department, int Measures, int Due, int DueDone, int Overdue, int Done);

    /// <summary>The indicators the village table shows, chosen by kind so that any plan's indicators fit.</summary>
    public IReadOnlyList<IndicatorResult> VillageColumns { get; private set; } = [];

    static readonly IndicatorKind[] VillageKinds =
        [IndicatorKind.HouseholdsUnderLine, IndicatorKind.HouseholdsUnderLineProjected, IndicatorKind.ChannelCoverage, IndicatorKind.PopulationGrowthProjected];

    /// <summary>Short column titles, so the village table fits a 1366 px screen; the full name is the title's tooltip.</summary>
    public string ShortName(IndicatorResult r) => r.Kind switch
    {
        IndicatorKind.HouseholdsUnderLine => "低于线户（已录入）",
        IndicatorKind.HouseholdsUnderLineProjected => "预计低于线户",
        IndicatorKind.ChannelCoverage => Channels.Name(Plan!.Indicators.First(i => i.Key == r.Key).Channel ?? "") + "覆盖率",
        IndicatorKind.PopulationGrowthProjected => "预计增长",
        _ => r.Name,
    };

    public void OnGet(DateOnly? date)
    {
        Plan = context.Plan;
        if (Plan is null) return;
        AsOf = date ?? context.AsOf;
        // The alert count below needs the integrity checks: after a change they run beside the figures, not after them.
        context.StartIntegrity(Plan.Year, Plan.IncomeLine);
        // The year-end projection leads; figures from a part of the year come last and are not judged.
        Indicators = context.Results(AsOf).OrderBy(r => Leads(r) ? 0 : r.Judged ? 1 : 2).ToList();
        LedgerMonths = context.TownProgress(AsOf).LedgerMonths;
        Lead = Indicators.Where(Leads).ToList();
        Behind = Indicators.Where(r => r.Judged && !r.Met && !Leads(r)).ToList();
        VillageColumns = VillageKinds.Select(k => Indicators.FirstOrDefault(r => r.Kind == k)).OfType<IndicatorResult>().ToList();
        // The tables read every household and measure: once per figures version, date and scope, not per request
        // (7–10 ms a request at 250,000 households).
        var columns = VillageColumns;
        var asOfDate = AsOf;
        var department = current.User.Role == Core.Users.Role.Department ? current.User.Department : null;
        (Villages, Departments) = context.DerivedFromFigures(("dashboard-tables", asOfDate, context.ScopeKey),
            () => Tables(context.Progress(asOfDate), columns, asOfDate, department));

        var (_, alerts, records) = IntegrityView.Load(store, current, Plan.Year, Plan.IncomeLine, cache: context);
        OpenAlerts = alerts.Count(a => (records.GetValueOrDefault((a.HouseholdCode, a.Kind, a.EvidenceKey))?.Status ?? Core.Integrity.AlertStatus.Open) == Core.Integrity.AlertStatus.Open);
        using var db = store.CreateContext();
        var planKey = Plan.Key;
        var asOf = AsOf;
        var lastHeld = db.Reviews.Where(r => r.PlanKey == planKey && r.Kind == Core.Rhythm.ReviewKind.HalfMonthly && r.On <= asOf).Max(r => (DateOnly?)r.On);
        ReviewOverdue = Core.Supervision.Cadence.ReviewOverdueNote(lastHeld, AsOf, Plan.Rhythm.ReviewEveryDays, Plan.Year);
    }

    /// <summary>The village and department tables, computed together from the date's inputs.</summary>
    sealed record DashboardTables(IReadOnlyList<VillageRow> Villages, IReadOnlyList<DepartmentRow> Departments);

    /// <param name="department">For a department's user, its own: a department sees its own row, the other departments'
    /// measures on its households are theirs to answer for.</param>
    static DashboardTables Tables(ProgressInput input, IReadOnlyList<IndicatorResult> villageColumns, DateOnly asOf, string? department)
    {
        // One pass over the households and one look-up per village and column: counting each village's households in the
        // whole list took a second per request at 250,000 households and 681 villages.
        var planned = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var h in input.Households)
            planned[h.Village] = planned.GetValueOrDefault(h.Village) + (input.PlanHouseholds.Contains(h.HouseholdId) ? 1 : 0);
        var grid = new VillageGrid(villageColumns);
        var villages = planned.Keys.Order(StringComparer.Ordinal).Select(v => new VillageRow(v, planned[v],
            villageColumns.Select(c => grid.Cell(c, v)?.Value).ToList())).ToList();
        var measures = input.Measures.Where(m => MeasureStatuses.IsLive(m.Status) && (department is null || m.Measure.Department == department)).ToList();
        var departments = measures.GroupBy(m => m.Measure.Department).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new DepartmentRow(g.Key, g.Count(),
            g.Count(m => m.Measure.End <= asOf), g.Count(m => m.Measure.End <= asOf && MeasureStatuses.IsFinished(m.Status)),
            g.Count(m => m.Measure.End < asOf && !MeasureStatuses.IsFinished(m.Status)), g.Count(m => MeasureStatuses.IsFinished(m.Status)))).ToList();
        return new DashboardTables(villages, departments);
    }

    static bool Leads(IndicatorResult r) => r.Kind is IndicatorKind.HouseholdsUnderLineProjected or IndicatorKind.PopulationGrowthProjected;

    /// <summary>Whether the indicator counts households that a list can show (<see cref="IndicatorCalculator.Counted"/>).</summary>
    public static bool Lists(IndicatorResult r) => r.Kind is IndicatorKind.HouseholdsUnderLine or IndicatorKind.PersonsUnderLine
        or IndicatorKind.HouseholdsUnderLineProjected or IndicatorKind.HouseholdsUnderMonitoringLine or IndicatorKind.ZeroEmploymentHouseholds;

    /// <summary>The list behind a figure: the households it counts on this date (in a village), the measures, the target list or the funds.</summary>
    public string Link(IndicatorResult r, string? village = null)
    {
        var date = AsOf.ToString("yyyy-MM-dd");
        if (Lists(r)) return $"/Plan/Households?key={Uri.EscapeDataString(r.Key)}&date={date}" + (village is null ? "" : $"&village={Uri.EscapeDataString(village)}");
        var indicator = Plan!.Indicators.First(i => i.Key == r.Key);
        return r.Kind switch
        {
            IndicatorKind.ChannelCoverage => $"/Targets?Year={Plan.BaselineYear}&Missing={Uri.EscapeDataString(indicator.Channel ?? "")}" + (village is null ? "" : $"&Village={Uri.EscapeDataString(village)}"),
            IndicatorKind.PersonsCompleted or IndicatorKind.PersonsEngaged or IndicatorKind.MicrocreditHouseholds or IndicatorKind.MicrocreditAmount => "/Measures",
            IndicatorKind.FundIndustryShare => "/Funds",
            _ => $"/Plan?date={date}",
        };
    }
}
