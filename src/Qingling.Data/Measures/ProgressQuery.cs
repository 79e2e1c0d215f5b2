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
        Load(db, plan, ct).At(date);

    /// <summary>
    /// Reads everything the plan's figures are made of, once, for every date: the ledger summed in the database by
    /// household, year, month, category and source (each entry is dated by its month, so any date's ledger is a
    /// sum of these), every status change with its date, every visit's expected change with its date.
    /// </summary>
    public static ProgressData Load(QinglingDbContext db, PlanDefinition plan, CancellationToken ct = default)
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
        // ledger's sums are independent reads of a county's millions of rows: they run side by side.
        Dictionary<long, HouseholdFacts> baselineFacts = [], openFacts = [], wholeFacts = [];
        int[] manualMonths = [];
        Dictionary<long, List<ProgressData.LedgerSum>> baselineLedger = [], planLedger = [];
        SideBySide.Run(db,
            c =>
            {
                baselineFacts = YearFactsQuery.ForYear(c, plan.BaselineYear);
                openFacts = plan.BaselineYear == plan.Year - 1 ? baselineFacts : YearFactsQuery.ForYear(c, plan.Year - 1);
                wholeFacts = c.HouseholdYears.Any(f => f.Year == plan.Year) ? YearFactsQuery.ForYear(c, plan.Year) : openFacts;
                if (plan.BaselineYear != plan.Year) baselineLedger = LedgerSums(c, plan, plan.BaselineYear, everyVillage, villageIds);
            },
            c =>
            {
                planLedger = LedgerSums(c, plan, plan.Year, everyVillage, villageIds);
                manualMonths = PlanYearLedger(c, plan, everyVillage, villageIds, planLedger);
            });
        // Each household's sums, the baseline year's first, as one query ordered by year gave them.
        var ledgers = baselineLedger;
        foreach (var (household, sums) in planLedger)
            if (ledgers.TryGetValue(household, out var list)) list.AddRange(sums);
            else ledgers[household] = sums;
        ct.ThrowIfCancellationRequested();

        var householdPlans = db.HouseholdPlans.AsNoTracking().Where(p => p.PlanKey == plan.Key).Select(p => new { p.Id, p.HouseholdId }).ToList();
        var planIds = householdPlans.Select(p => p.Id).ToList();
        var measures = db.Measures.AsNoTracking().Where(m => planIds.Contains(m.HouseholdPlanId)).ToList();
        var changes = db.MeasureStatusChanges.AsNoTracking().Select(c => new { c.MeasureId, c.On, c.Id, c.To }).AsEnumerable()
            .GroupBy(c => c.MeasureId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.On).ThenBy(c => c.Id).Select(c => (c.On, c.To)).ToArray());
        var details = measures.ToDictionary(m => m.Id, m => MeasureDetails.FromJson(m.Details));
        ct.ThrowIfCancellationRequested();
        var visits = db.Visits.AsNoTracking().Where(v => v.ExpectedChange != 0 && (everyVillage || inArea.Contains(v.HouseholdId)))
            .Select(v => new ProgressData.VisitChange(v.HouseholdId, v.On, v.ExpectedChange, v.ExpectedChangeCategory, v.ExpectedChangeFromMonth)).ToList();
        var projects = db.Projects.AsNoTracking().Where(p => p.Year == plan.Year).ToList();

        return new ProgressData(plan, villages, households, baselineFacts, openFacts, wholeFacts, manualMonths, ledgers,
            householdPlans.Select(p => p.HouseholdId).ToHashSet(), measures, details, changes, visits, projects, Plans.BaselineHandler.Frozen(db, plan.Key));
    }

    /// <summary>
    /// One year's ledger per household, summed in the database by month, category and source (the baseline year's every
    /// line; the plan year's monthly and imported lines), read straight (<see cref="BulkRows"/>): a county's plan year
    /// is millions of monthly lines, and these sums were most of the figures' time read through EF.
    /// </summary>
    static Dictionary<long, List<ProgressData.LedgerSum>> LedgerSums(QinglingDbContext db, PlanDefinition plan, int year, bool everyVillage, List<long> villageIds)
    {
        var y = year.ToString(CultureInfo.InvariantCulture);
        var which = year == plan.BaselineYear ? "" : $" AND (month IS NOT NULL OR source = {(int)IncomeSource.Import})";
        var area = everyVillage ? "" : villageIds.Count == 0 ? " AND 1 = 0"
            : $" AND household_id IN (SELECT id FROM households WHERE village_id IN ({string.Join(", ", villageIds.Select(v => v.ToString(CultureInfo.InvariantCulture)))}))";
        var sql = $"SELECT household_id, COALESCE(month, 0), category, source, SUM(amount) FROM income_entries " +
                  $"WHERE year = {y} AND excluded_reason IS NULL{which}{area} GROUP BY household_id, month, category, source ORDER BY household_id, month, category, source";
        var ledgers = new Dictionary<long, List<ProgressData.LedgerSum>>();
        BulkRows.OnContext(db, (connection, transaction) =>
        {
            using var rows = BulkRows.Open(connection, transaction, sql);
            List<ProgressData.LedgerSum>? list = null;
            var last = 0L;
            while (rows.Read())
            {
                // In column order: PostgreSQL reads the row sequentially.
                var household = rows.Int64(0);
                if (list is null || household != last) (list, last) = (ledgers.TryGetValue(household, out var l) ? l : ledgers[household] = [], household);
                list.Add(new(year, rows.Int32(1), (IncomeCategory)rows.Int32(2), (IncomeSource)rows.Int32(3), rows.Money(4), null));
            }
        });
        return ledgers;
    }

    /// <summary>
    /// The months of the plan year's monthly ledger, and the plan-year entries for the whole year but not from an annual
    /// record, added to <paramref name="ledgers"/> with the day they were recorded (they count from then).
    /// </summary>
    static int[] PlanYearLedger(QinglingDbContext db, PlanDefinition plan, bool everyVillage, List<long> villageIds, Dictionary<long, List<ProgressData.LedgerSum>> ledgers)
    {
        var inArea = db.Households.AsNoTracking().Where(h => villageIds.Contains(h.VillageId)).Select(h => h.Id);
        // Months are those of the monthly ledger itself: a verified measure's income or an excluded entry dated December
        // does not make the year's ledger whole.
        var manualMonths = db.IncomeEntries.Where(e => e.Year == plan.Year && e.Month != null && e.Source == IncomeSource.Manual && e.ExcludedReason == null)
            .Select(e => e.Month!.Value).Distinct().ToList().Order().ToArray();
        var dated = db.IncomeEntries.AsNoTracking()
            .Where(e => e.Year == plan.Year && e.ExcludedReason == null && e.Month == null && e.Source != IncomeSource.Import && (everyVillage || inArea.Contains(e.HouseholdId)))
            .Select(e => new { e.HouseholdId, e.Category, e.Source, e.Amount, e.RecordedAt }).ToList();
        foreach (var d in dated)
        {
            if (!ledgers.TryGetValue(d.HouseholdId, out var list)) ledgers[d.HouseholdId] = list = [];
            list.Add(new(plan.Year, 0, d.Category, d.Source, d.Amount, d.RecordedAt));
        }
        return manualMonths;
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
