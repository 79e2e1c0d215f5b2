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
    public static ProgressInput Build(QinglingDbContext db, PlanDefinition plan, DateOnly date, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var regions = db.Regions.AsNoTracking().ToList();
        var villages = VillagesOf(plan, regions);
        var households = db.Households.AsNoTracking().Where(h => villages.Keys.Contains(h.VillageId))
            .Select(h => new { h.Id, h.Code, h.VillageId }).ToList();
        var ids = households.Select(h => h.Id).ToHashSet();
        ct.ThrowIfCancellationRequested();

        var recordedBy = date.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc);
        // Each year's figures from that year's facts: the baseline year's record, and the plan year's own record for a
        // date at the year's end or later (within the year, the latest earlier one).
        var baselineFacts = YearFactsQuery.ForYear(db, plan.BaselineYear);
        var yearFacts = YearFactsQuery.ForYear(db, plan.Year, asOf: date);
        ct.ThrowIfCancellationRequested();

        // The ledger stands at the latest month of the plan year with income recorded (up to the date's month):
        // projecting from the date alone would count a month nobody has entered yet as a month without income.
        var dateMonth = date.Year < plan.Year ? 0 : date.Year > plan.Year ? 12 : date.Month;
        // Months are those of the monthly ledger itself: a verified measure's income or an excluded entry dated December
        // does not make the year's ledger whole.
        var monthsRecorded = db.IncomeEntries.Where(e => e.Year == plan.Year && e.Month != null && e.Month <= dateMonth
            && e.Source == IncomeSource.Manual && e.ExcludedReason == null).Max(e => e.Month) ?? 0;
        var entries = db.IncomeEntries.AsNoTracking()
            .Where(e => (e.Year == plan.BaselineYear || e.Year == plan.Year) && e.ExcludedReason == null)
            .Select(e => new { e.HouseholdId, e.Year, e.Month, e.Category, e.Amount, e.RecordedAt, e.Source }).AsEnumerable()
            .Where(e => ids.Contains(e.HouseholdId))
            .Where(e => e.Year == plan.BaselineYear || (e.Month is { } m ? m <= dateMonth
                : e.Source == IncomeSource.Import ? dateMonth == 12 && date >= new DateOnly(plan.Year, 12, 31) : e.RecordedAt <= recordedBy))
            .GroupBy(e => e.HouseholdId)
            .ToDictionary(g => g.Key, g => g.Select(e => new IncomeEntry { Year = e.Year, Category = e.Category, Amount = e.Amount, Source = e.Source }).ToList());
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

        var progress = households.Where(h => yearFacts.ContainsKey(h.Id) || baselineFacts.ContainsKey(h.Id)).Select(h =>
        {
            var baseFacts = baselineFacts.GetValueOrDefault(h.Id);
            var facts = yearFacts.GetValueOrDefault(h.Id) ?? baseFacts!;
            var own = entries.GetValueOrDefault(h.Id) ?? [];
            var baselineAnnual = baseFacts?.HasAnnualRecord(plan.BaselineYear) ?? false;
            var yearAnnual = facts.HasAnnualRecord(plan.Year);
            var baseline = HouseholdIncome.FromEntries(plan.BaselineYear, baseFacts?.Members.Count ?? 0, LedgerSources.Official(own, plan.BaselineYear, baselineAnnual));
            var recorded = HouseholdIncome.FromEntries(plan.Year, facts.Members.Count, LedgerSources.Official(own, plan.Year, yearAnnual));
            // Once the plan year's annual record is in, the year is whole: nothing is left to project.
            var projected = yearAnnual ? recorded
                : IncomeProjection.Project(recorded, baseline, monthsRecorded, byHousehold[h.Id].Select(m => (m.Measure, m.Status)), visitChanges[h.Id]);
            return new HouseholdProgress(h.Id, h.Code, villages[h.VillageId], facts.Type, facts.Monitoring, facts.Members, baseline, recorded, projected)
            {
                BaselineMembers = baseFacts?.Members ?? [],
                BaselineKind = baseFacts is null ? null : (baseFacts.Type, baseFacts.Monitoring),
            };
        }).ToList();

        var projects = db.Projects.AsNoTracking().Where(p => p.Year == plan.Year).ToList();
        // The year is whole on the date once every household's annual record is in, or all twelve months are entered.
        var complete = monthsRecorded == 12 || (progress.Count > 0 && progress.All(h => yearFacts.TryGetValue(h.HouseholdId, out var f) && f.HasAnnualRecord(plan.Year)));
        return new ProgressInput(plan, date, progress, householdPlans.Select(p => p.HouseholdId).ToHashSet(), measuresAt, projects)
        {
            LedgerMonths = complete ? 12 : monthsRecorded,
            Baseline = Plans.BaselineHandler.Frozen(db, plan.Key),
        };
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
