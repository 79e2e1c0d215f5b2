using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Data.Database;

namespace Qingling.Data.Queries;

/// <summary>
/// A household as one year's facts have it: the annual record of that year when there is one, otherwise the
/// latest earlier one (a year still open is described by the last export until its own arrives).
/// </summary>
public sealed record HouseholdFacts(long HouseholdId, int FactsYear, HouseholdType Type, MonitoringCategory? Monitoring, IReadOnlyList<Member> Members)
{
    /// <summary>Whether the national export of <paramref name="year"/> itself holds this household: its income is then the official figure.</summary>
    public bool HasAnnualRecord(int year) => FactsYear == year;
}

/// <summary>Reads the per-year facts (household_years, member_years) that every figure of a year is computed from.</summary>
public static class YearFactsQuery
{
    /// <summary>
    /// Per household, the facts of the latest year up to <paramref name="year"/>; households with none are absent.
    /// With <paramref name="knownBy"/>, the year's own record counts only if its import had started by then: figures
    /// "as of" a day in an open year use what was known that day. Earlier years' records are taken as they stand.
    /// </summary>
    public static Dictionary<long, HouseholdFacts> ForYear(QinglingDbContext db, int year, IReadOnlyCollection<long>? households = null, DateTime? knownBy = null)
    {
        var facts = db.HouseholdYears.AsNoTracking().Where(f => f.Year <= year);
        var members = db.MemberYears.AsNoTracking().Where(f => f.Year <= year);
        if (knownBy is { } by)
        {
            var batches = db.ImportBatches.Where(b => b.StartedAt <= by).Select(b => (long?)b.Id);
            facts = facts.Where(f => f.Year < year || f.ImportBatchId == null || batches.Contains(f.ImportBatchId));
            members = members.Where(f => f.Year < year || f.ImportBatchId == null || batches.Contains(f.ImportBatchId));
        }
        if (households is not null)
        {
            var ids = households.ToList();
            facts = facts.Where(f => ids.Contains(f.HouseholdId));
            members = members.Where(f => ids.Contains(f.HouseholdId));
        }
        var latest = facts.GroupBy(f => f.HouseholdId).Select(g => new { HouseholdId = g.Key, Year = g.Max(f => f.Year) });
        var chosen = facts.Join(latest, f => new { f.HouseholdId, f.Year }, l => new { l.HouseholdId, l.Year }, (f, _) => f)
            .Select(f => new { f.HouseholdId, f.Year, f.Type, f.Monitoring }).ToList();
        var people = members.Join(latest, m => new { m.HouseholdId, m.Year }, l => new { l.HouseholdId, l.Year }, (m, _) => m)
            .OrderBy(m => m.MemberId).AsEnumerable()
            .GroupBy(m => m.HouseholdId)
            .ToDictionary(g => g.Key, g => g.Select(m => m.AsMember()).ToList());
        return chosen.ToDictionary(f => f.HouseholdId, f => new HouseholdFacts(f.HouseholdId, f.Year, f.Type, f.Monitoring, people.GetValueOrDefault(f.HouseholdId) ?? []));
    }
}
