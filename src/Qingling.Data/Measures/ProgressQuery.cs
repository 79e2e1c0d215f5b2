using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Core.Regions;
using Qingling.Data.Database;

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
    public static ProgressInput Build(QinglingDbContext db, PlanDefinition plan, DateOnly date, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var regions = db.Regions.AsNoTracking().ToList();
        var villages = VillagesOf(plan, regions);
        var households = db.Households.AsNoTracking().Where(h => villages.Keys.Contains(h.VillageId))
            .Select(h => new { h.Id, h.Code, h.VillageId, h.Type, h.Monitoring }).ToList();
        var ids = households.Select(h => h.Id).ToHashSet();
        ct.ThrowIfCancellationRequested();

        var members = db.Members.AsNoTracking().Select(m => new { m.HouseholdId, m.Labour, m.JoinedOn, m.LeftOn }).AsEnumerable()
            .Where(m => ids.Contains(m.HouseholdId))
            .GroupBy(m => m.HouseholdId)
            .ToDictionary(g => g.Key, g => g.Select(m => new Member { HouseholdId = m.HouseholdId, Labour = m.Labour, JoinedOn = m.JoinedOn, LeftOn = m.LeftOn }).ToList());
        ct.ThrowIfCancellationRequested();

        // The ledger stands at the latest month of the plan year with income recorded (up to the date's month):
        // projecting from the date alone would count a month nobody has entered yet as a month without income.
        var dateMonth = date.Year < plan.Year ? 0 : date.Year > plan.Year ? 12 : date.Month;
        var monthsRecorded = db.IncomeEntries.Where(e => e.Year == plan.Year && e.Month != null && e.Month <= dateMonth).Max(e => e.Month) ?? 0;
        var recordedBy = date.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc);
        var entries = db.IncomeEntries.AsNoTracking()
            .Where(e => e.Year == plan.BaselineYear || e.Year == plan.Year)
            .Select(e => new { e.HouseholdId, e.Year, e.Month, e.Category, e.Amount, e.RecordedAt }).AsEnumerable()
            .Where(e => ids.Contains(e.HouseholdId))
            .Where(e => e.Year == plan.BaselineYear || (e.Month is { } m ? m <= dateMonth : e.RecordedAt <= recordedBy))
            .GroupBy(e => e.HouseholdId)
            .ToDictionary(g => g.Key, g => g.Select(e => new IncomeEntry { Year = e.Year, Category = e.Category, Amount = e.Amount }).ToList());
        ct.ThrowIfCancellationRequested();

        var householdPlans = db.HouseholdPlans.AsNoTracking().Where(p => p.PlanKey == plan.Key).Select(p => new { p.Id, p.HouseholdId }).ToList();
        var planIds = householdPlans.Select(p => p.Id).ToList();
        var measures = db.Measures.AsNoTracking().Where(m => planIds.Contains(m.HouseholdPlanId)).ToList();
        var changes = db.MeasureStatusChanges.AsNoTracking().Where(c => c.On <= date).AsEnumerable()
            .GroupBy(c => c.MeasureId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.On).ThenBy(c => c.Id).Last().To);
        var measuresAt = measures.Where(m => changes.ContainsKey(m.Id))
            .Select(m => new MeasureAt(m, changes[m.Id], MeasureDetails.FromJson(m.Details), villages.GetValueOrDefault(m.VillageId, "")))
            .ToList();
        ct.ThrowIfCancellationRequested();
        var byHousehold = measuresAt.ToLookup(m => m.Measure.HouseholdId);
        var visitChanges = db.Visits.AsNoTracking().Where(v => v.On <= date && v.ExpectedChange != 0).AsEnumerable()
            .Where(v => ids.Contains(v.HouseholdId)).ToLookup(v => v.HouseholdId, v => (v.ExpectedChange, v.ExpectedChangeCategory, v.ExpectedChangeFromMonth));

        var progress = households.Select(h =>
        {
            var list = members.GetValueOrDefault(h.Id) ?? [];
            var own = entries.GetValueOrDefault(h.Id) ?? [];
            var baseline = HouseholdIncome.FromEntries(plan.BaselineYear, list.Count(m => m.CountsIn(plan.BaselineYear)), own);
            var recorded = HouseholdIncome.FromEntries(plan.Year, list.Count(m => m.CountsIn(plan.Year)), own);
            var projected = IncomeProjection.Project(recorded, baseline, monthsRecorded, byHousehold[h.Id].Select(m => (m.Measure, m.Status)), visitChanges[h.Id]);
            return new HouseholdProgress(h.Id, h.Code, villages[h.VillageId], h.Type, h.Monitoring, list, baseline, recorded, projected);
        }).ToList();

        var projects = db.Projects.AsNoTracking().Where(p => p.Year == plan.Year).ToList();
        return new ProgressInput(plan, date, progress, householdPlans.Select(p => p.HouseholdId).ToHashSet(), measuresAt, projects);
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
