using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Core.Regions;
using Qingling.Data.Database;
using Qingling.Data.Queries;

namespace Qingling.Data.Measures;

/// <summary>
/// Gathers what the indicators need for a plan and a date: the plan's area, the ledger as it stood on that
/// date (plan-year entries of the months up to it), every measure with the status it had then, the income
/// changes visits found by then, and the project library.
/// </summary>
public static class ProgressQuery
{
    /// <summary>
    /// <paramref name="ct"/> is checked between the queries, so a request its caller abandoned stops here
    /// instead of computing a page nobody will read.
    /// </summary>
    public static ProgressInput Build(QinglingDbContext db, PlanDefinition plan, DateOnly date, CancellationToken ct = default) =>
        LoadOn(db, plan, date, ct).At(date);

    /// <summary>
    /// Reads everything the plan's figures are made of, once, for every date: the ledger summed in the database by
    /// household, year, month, category and source (each entry is dated by its month, so any date's ledger is a
    /// sum of these), every status change with its date, every visit's expected change with its date.
    /// </summary>
    public static ProgressData Load(QinglingDbContext db, PlanDefinition plan, CancellationToken ct = default) => Read(db, plan, null, ct);

    /// <summary>
    /// As <see cref="Load"/>, for one date: the plan year's monthly lines up to its month are summed in the database into
    /// one line per household, category and source (a county's half year is millions of lines, read for one figure), and
    /// the data answers for that date alone.
    /// </summary>
    public static ProgressData LoadOn(QinglingDbContext db, PlanDefinition plan, DateOnly date, CancellationToken ct = default) => Read(db, plan, date, ct);

    static ProgressData Read(QinglingDbContext db, PlanDefinition plan, DateOnly? only, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var regions = db.Regions.AsNoTracking().ToList();
        var villages = VillagesOf(plan, regions);
        var villageIds = villages.Keys.ToList();
        // A plan over every village in the database needs no filter (the usual case: one town per database).
        var everyVillage = regions.Count(r => r.Level == RegionLevel.Village) == villages.Count;
        var householdQuery = db.Households.AsNoTracking().Where(h => everyVillage || villageIds.Contains(h.VillageId));
        var households = householdQuery.OrderBy(h => h.Id).Select(h => new ProgressData.HouseholdRow(h.Id, h.Code, h.VillageId)).ToList();
        var inArea = householdQuery.Select(h => h.Id);
        ct.ThrowIfCancellationRequested();

        // Each year's figures from that year's facts: the baseline year's record, and the plan year's: within the year the
        // latest earlier record, from its last day the year's own (when there is one). The register's facts and the
        // two years' ledger sums are independent reads of a county's millions of rows: they run side by side, longest first.
        Dictionary<long, HouseholdFacts> baselineFacts = [], openFacts = [], wholeFacts = [];
        Dictionary<long, ProgressData.LedgerSum[]> baselineLedger = [], planLedger = [];
        SideBySide.Run(db,
            c =>
            {
                baselineFacts = YearFactsQuery.ForYear(c, plan.BaselineYear);
                openFacts = plan.BaselineYear == plan.Year - 1 ? baselineFacts : YearFactsQuery.ForYear(c, plan.Year - 1);
                wholeFacts = c.HouseholdYears.Any(f => f.Year == plan.Year) ? YearFactsQuery.ForYear(c, plan.Year) : openFacts;
            },
            c =>
            {
                // The baseline year's lines all count whatever the date: they are summed by month only when the plan year is another.
                var upToMonth = only is { } d && plan.BaselineYear != plan.Year ? ProgressData.LedgerMonth(plan, d) : (int?)null;
                planLedger = LedgerSums(c, plan, plan.Year, everyVillage, villageIds, upToMonth);
            },
            c =>
            {
                // Every month of the baseline year counts on any date: its monthly lines are summed as one.
                if (plan.BaselineYear != plan.Year) baselineLedger = LedgerSums(c, plan, plan.BaselineYear, everyVillage, villageIds, 12);
            });
        // The months of the plan year's monthly ledger: a verified measure's income or an excluded entry dated December does
        // not make the year's ledger whole (read for one date, each group's latest month up to it, all the date needs).
        var manualMonths = planLedger.Values.SelectMany(l => l).Where(e => e.Source == IncomeSource.Manual && e.Month > 0).Select(e => e.Month).Distinct().Order().ToArray();
        if (plan.BaselineYear == plan.Year) baselineLedger = planLedger;
        ct.ThrowIfCancellationRequested();

        var planKeys = PlanKeys(db, plan);
        var householdPlans = db.HouseholdPlans.AsNoTracking().Where(p => planKeys.Contains(p.PlanKey)).Select(p => new { p.Id, p.HouseholdId }).ToList();
        var planIds = householdPlans.Select(p => p.Id).ToList();
        var measures = db.Measures.AsNoTracking().Where(m => planIds.Contains(m.HouseholdPlanId)).ToList();
        var changes = db.MeasureStatusChanges.AsNoTracking().Select(c => new { c.MeasureId, c.On, c.Id, c.To }).AsEnumerable()
            .GroupBy(c => c.MeasureId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.On).ThenBy(c => c.Id).Select(c => (c.On, c.To)).ToArray());
        var details = measures.ToDictionary(m => m.Id, m => MeasureDetails.FromJson(m.Details));
        ct.ThrowIfCancellationRequested();
        var visits = db.Visits.AsNoTracking().Where(v => v.ExpectedChange != 0 && (everyVillage || inArea.Contains(v.HouseholdId)))
            .Select(v => new ProgressData.VisitChange(v.HouseholdId, v.On, v.ExpectedChange, v.ExpectedChangeCategory, v.ExpectedChangeFromMonth)).ToList();
        var projects = db.Projects.AsNoTracking().Where(p => p.Year == plan.Year).ToList();

        return new ProgressData(plan, villages, households, baselineFacts, openFacts, wholeFacts, manualMonths, baselineLedger, planLedger,
            householdPlans.Select(p => p.HouseholdId).ToHashSet(), measures, details, changes, visits, projects, Plans.BaselineHandler.Frozen(db, plan.Key), only);
    }

    /// <summary>
    /// One year's ledger per household, summed in the database by month, category and source, read straight
    /// (<see cref="BulkRows"/>): a county's plan year is millions of monthly lines. The plan year's whole-year lines not
    /// from the export carry the moment they were recorded (they count from then). With <paramref name="upToMonth"/>, the
    /// monthly lines after it are left out and the rest summed as one line dated by its latest month.
    /// </summary>
    static Dictionary<long, ProgressData.LedgerSum[]> LedgerSums(QinglingDbContext db, PlanDefinition plan, int year, bool everyVillage, List<long> villageIds, int? upToMonth)
    {
        var dated = year == plan.Year ? $"CASE WHEN month IS NULL AND source <> {(int)IncomeSource.Import} THEN recorded_at END" : null;
        var (month, monthKey, months) = upToMonth is { } m
            ? ("COALESCE(MAX(month), 0)", "month IS NULL", $" AND (month IS NULL OR month <= {m.ToString(CultureInfo.InvariantCulture)})")
            : ("COALESCE(month, 0)", "month", "");
        var area = everyVillage ? "" : villageIds.Count == 0 ? " AND 1 = 0"
            : $" AND household_id IN (SELECT id FROM households WHERE village_id IN ({string.Join(", ", villageIds.Select(v => v.ToString(CultureInfo.InvariantCulture)))}))";
        var where = $"WHERE year = {year.ToString(CultureInfo.InvariantCulture)} AND excluded_reason IS NULL{months}{area}";
        // The sums, one column each. SQLite groups by category and source (its per-row cost is one CASE per column: a column per
        // pair took 8.4 s on 272,700 households' half year against 4.8 s grouped); PostgreSQL makes one group per household with a
        // column per pair (grouping by pair, 1.4 million groups of numeric sums, took 5.3 s on their baseline year; one per household 0.5 s).
        var sqlite = db.Database.IsSqlite();
        var pairs = sqlite ? [] : IncomeCategories.All.SelectMany(c => Enum.GetValues<IncomeSource>().Select(s => (Category: c, Source: s))).ToArray();
        // A household's row on PostgreSQL spans every source, so the monthly ledger's own latest month (entered by hand) comes in a
        // column of its own: a measure's income verified in a later month does not make more months entered.
        var manual = (int)IncomeSource.Manual;
        var sums = sqlite ? "category, source, SUM(amount)"
            : $"COALESCE(MAX(month) FILTER (WHERE source = {manual}), 0), " +
              string.Join(", ", pairs.Select(p => $"SUM(amount) FILTER (WHERE category = {(int)p.Category} AND source = {(int)p.Source})"));
        var keys = $"household_id, {monthKey}{(sqlite ? ", category, source" : "")}{(dated is null ? "" : ", " + dated)}";
        var sql = $"SELECT household_id, {month}{(dated is null ? "" : ", " + dated)}, {sums} FROM income_entries {where} GROUP BY {keys}";
        // Each household's lines as an array of their own size (a list per household held twice the room): the lines come
        // household by household, and a household's later group that comes apart (PostgreSQL hashes the groups) is added on.
        var ledgers = new Dictionary<long, ProgressData.LedgerSum[]>();
        var lines = new List<ProgressData.LedgerSum>();
        var last = 0L;
        void Keep()
        {
            if (lines.Count == 0) return;
            ledgers[last] = ledgers.TryGetValue(last, out var earlier) ? [.. earlier, .. lines] : [.. lines];
            lines.Clear();
        }
        BulkRows.OnContext(db, (connection, transaction) =>
        {
            using var rows = BulkRows.Open(connection, transaction, sql);
            while (rows.Read())
            {
                // In column order: PostgreSQL reads the row sequentially.
                var household = rows.Int64(0);
                if (household != last) { Keep(); last = household; }
                var lineMonth = rows.Int32(1);
                var column = 2;
                DateTime? recordedAt = null;
                if (dated is not null && !rows.IsNull(column++)) recordedAt = rows.Time(column - 1);
                if (sqlite)
                    lines.Add(new(year, lineMonth, (IncomeCategory)rows.Int32(column), (IncomeSource)rows.Int32(column + 1), rows.Money(column + 2), recordedAt));
                else
                {
                    var manualMonth = rows.Int32(column++);
                    foreach (var (category, source) in pairs)
                        if (!rows.IsNull(column++))
                            lines.Add(new(year, source == IncomeSource.Manual ? manualMonth : lineMonth, category, source, rows.Money(column - 1), recordedAt));
                }
            }
            Keep();
        });
        return ledgers;
    }

    /// <summary>
    /// The plans whose 一户一策 the figures count: the plan's own, and for a county plan also those of the same year's town
    /// plans in its county (Plans.PlanInheritance.Covers): the county's figures are its towns' households, plans and measures.
    /// </summary>
    static List<string> PlanKeys(QinglingDbContext db, PlanDefinition plan)
    {
        var keys = new List<string> { plan.Key };
        if (!Plans.PlanInheritance.IsCountyPlan(plan)) return keys;
        // A plan this version cannot read holds no household plan it could count.
        keys.AddRange(Plans.PlanHandler.Readable(db.Plans.AsNoTracking().Where(p => p.Year == plan.Year && p.Key != plan.Key).ToList())
            .Where(p => Plans.PlanInheritance.Covers(plan, p.Plan)).Select(p => p.Stored.Key));
        return keys;
    }

    /// <summary>The villages of the plan's region (its town, when named); all villages when the plan names none.</summary>
    static Dictionary<long, string> VillagesOf(PlanDefinition plan, IReadOnlyList<Region> regions)
    {
        var children = regions.ToLookup(r => r.ParentId);
        IEnumerable<Region> roots = plan.Region.Town.Length > 0
            ? regions.Where(r => r.Level == RegionLevel.Town && r.Name == plan.Region.Town)
            : plan.Region.County.Length > 0 ? regions.Where(r => r.Level == RegionLevel.County && r.Name == plan.Region.County) : regions.Where(r => r.ParentId == null);
        var villages = new Dictionary<long, string>();
        var stack = new Stack<Region>(roots);
        while (stack.Count > 0)
        {
            var r = stack.Pop();
            if (r.Level == RegionLevel.Village) villages[r.Id] = r.Name;
            foreach (var c in children[r.Id]) stack.Push(c);
        }
        return villages;
    }
}
