using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Core.Regions;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Web.Web;

/// <summary>
/// One year of a household as that year's facts have it: its official income (the annual record when there is one),
/// the in-year entries beside it with the difference, and the members and labour of that year.
/// </summary>
public sealed record HouseholdYearRecord(HouseholdIncome Income, bool Annual, HouseholdIncome? InYear, HouseholdType? Type, IReadOnlyList<Member> Members)
{
    /// <summary>In-year entries minus the annual record, when both exist: shown, never added.</summary>
    public decimal? InYearDifference => Annual && InYear is { } y ? y.NetIncome - Income.NetIncome : null;
}

/// <summary>Everything about one household that its page, its card and the API show.</summary>
public sealed record HouseholdFile(
    Household Household, string Village, IReadOnlyList<Member> Members, IReadOnlyList<HouseholdIncome> Years,
    HouseholdPlan? Plan, IReadOnlyList<(Measure Measure, string? Member)> Measures, IReadOnlyList<AuditEntry> Trace)
{
    /// <summary>Each year's facts and figures, oldest first (same years as <see cref="Years"/>).</summary>
    public IReadOnlyList<HouseholdYearRecord> Records { get; init; } = [];

    /// <summary>The latest year whose annual record is in: the "上年" figure of the card, never a half year.</summary>
    public HouseholdYearRecord? LastFullYear => Records.LastOrDefault(r => r.Annual);

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
        var facts = db.HouseholdYears.AsNoTracking().Where(f => f.HouseholdId == household.Id).ToList();
        var memberYears = db.MemberYears.AsNoTracking().Where(f => f.HouseholdId == household.Id).ToList();
        // Members who belonged to this household in some year but have since moved are shown under that year too.
        var identities = db.Members.AsNoTracking().Where(m => memberYears.Select(f => f.MemberId).Contains(m.Id)).ToDictionary(m => m.Id);
        var records = entries.Select(e => e.Year).Concat(facts.Select(f => f.Year)).Distinct().Order().Select(y =>
        {
            var own = facts.Where(f => f.Year <= y).MaxBy(f => f.Year);
            var annual = own?.Year == y;
            var people = own is null ? [] : memberYears.Where(f => f.Year == own.Year).OrderBy(f => f.MemberId)
                .Select(f => f.AsMember(identities.GetValueOrDefault(f.MemberId))).ToList();
            var official = HouseholdIncome.FromEntries(y, people.Count, LedgerSources.Official(entries, y, annual));
            var inYear = annual && entries.Any(e => e.Year == y && e.Source != IncomeSource.Import)
                ? HouseholdIncome.FromEntries(y, people.Count, entries.Where(e => e.Year == y && e.Source != IncomeSource.Import)) : null;
            return new HouseholdYearRecord(official, annual, inYear, own?.Type, people);
        }).ToList();
        var years = records.Select(r => r.Income).ToList();
        var plan = db.HouseholdPlans.AsNoTracking().SingleOrDefault(p => p.PlanKey == planKey && p.HouseholdId == household.Id);
        var names = members.ToDictionary(m => m.Id, m => m.Name);
        var measures = plan is null ? [] : db.Measures.AsNoTracking().Where(m => m.HouseholdPlanId == plan.Id).OrderBy(m => m.Id).AsEnumerable()
            .Select(m => (m, m.MemberId is { } id ? names.GetValueOrDefault(id) : null)).ToList();
        var trace = db.AuditEntries.AsNoTracking().Where(a => a.HouseholdId == household.Id).OrderByDescending(a => a.Id).Take(200).ToList();
        return new HouseholdFile(household, village, members, years, plan, measures, trace)
        {
            Records = records,
            NotCounted = entries.Where(e => e.ExcludedReason is not null).OrderBy(e => e.Year).ThenBy(e => e.Month).ThenBy(e => e.Id).ToList(),
        };
    }
}
