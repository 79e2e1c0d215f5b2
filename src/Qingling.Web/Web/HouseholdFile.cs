using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Core.Regions;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Web.Web;

/// <summary>Everything about one household that its page, its card and the API show.</summary>
public sealed record HouseholdFile(
    Household Household, string Village, IReadOnlyList<Member> Members, IReadOnlyList<HouseholdIncome> Years,
    HouseholdPlan? Plan, IReadOnlyList<(Measure Measure, string? Member)> Measures, IReadOnlyList<AuditEntry> Trace)
{
    /// <summary>Entries recorded but not counted in net income (one-off help), each with its reason.</summary>
    public IReadOnlyList<IncomeEntry> NotCounted { get; init; } = [];

    /// <summary>Growth of per-capita net income on the year before, where both years are recorded.</summary>
    public decimal? GrowthOf(HouseholdIncome year) =>
        Years.FirstOrDefault(y => y.Year == year.Year - 1) is { } last ? Growth.Rate(last.PerCapitaNetIncome, year.PerCapitaNetIncome) : null;

    /// <summary>Loads the file, or null when there is no such household or the user may not see it: both look the same.</summary>
    public static HouseholdFile? Load(Store store, CurrentUser current, string code, string? planKey)
    {
        using var db = store.CreateContext();
        var household = db.Households.AsNoTracking().SingleOrDefault(h => h.Code == code);
        if (household is null || !current.CanSee(household.Id)) return null;
        var village = db.Regions.AsNoTracking().Where(r => r.Id == household.VillageId).Select(r => r.Name).Single();
        var members = db.Members.AsNoTracking().Where(m => m.HouseholdId == household.Id).OrderBy(m => m.Id).ToList();
        var entries = db.IncomeEntries.AsNoTracking().Where(e => e.HouseholdId == household.Id).ToList();
        var years = entries.Select(e => e.Year).Distinct().Order()
            .Select(y => HouseholdIncome.FromEntries(y, members.Count(m => m.CountsIn(y)), entries)).ToList();
        var plan = db.HouseholdPlans.AsNoTracking().SingleOrDefault(p => p.PlanKey == planKey && p.HouseholdId == household.Id);
        var names = members.ToDictionary(m => m.Id, m => m.Name);
        var measures = plan is null ? [] : db.Measures.AsNoTracking().Where(m => m.HouseholdPlanId == plan.Id).OrderBy(m => m.Id).AsEnumerable()
            .Select(m => (m, m.MemberId is { } id ? names.GetValueOrDefault(id) : null)).ToList();
        var trace = db.AuditEntries.AsNoTracking().Where(a => a.HouseholdId == household.Id).OrderByDescending(a => a.Id).Take(200).ToList();
        return new HouseholdFile(household, village, members, years, plan, measures, trace)
        {
            NotCounted = entries.Where(e => e.ExcludedReason is not null).OrderBy(e => e.Year).ThenBy(e => e.Month).ThenBy(e => e.Id).ToList(),
        };
    }
}
