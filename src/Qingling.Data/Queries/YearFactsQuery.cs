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
    /// With <paramref name="asOf"/> before the year's last day, the year's own record is left out: an annual record
    /// describes the whole year, so a figure "as of" a day within it uses the latest earlier record.
    /// </summary>
    public static Dictionary<long, HouseholdFacts> ForYear(QinglingDbContext db, int year, IReadOnlyCollection<long>? households = null, DateOnly? asOf = null)
    {
        var facts = db.HouseholdYears.AsNoTracking().Where(f => f.Year <= year);
        var members = db.MemberYears.AsNoTracking().Where(f => f.Year <= year);
        if (asOf is { } day && day < new DateOnly(year, 12, 31))
        {
            facts = facts.Where(f => f.Year < year);
            members = members.Where(f => f.Year < year);
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
        // Streamed into each household's list (not buffered and grouped: a million rows held twice), and the few distinct
        // texts of a column shared, so a town of a million members costs its members once.
        var people = new Dictionary<long, List<Member>>();
        var texts = new SharedTexts();
        foreach (var m in members.Join(latest, m => new { m.HouseholdId, m.Year }, l => new { l.HouseholdId, l.Year }, (m, _) => m).OrderBy(m => m.MemberId))
        {
            texts.Share(m);
            if (!people.TryGetValue(m.HouseholdId, out var list)) people[m.HouseholdId] = list = [];
            list.Add(m.AsMember());
        }
        return chosen.ToDictionary(f => f.HouseholdId, f => new HouseholdFacts(f.HouseholdId, f.Year, f.Type, f.Monitoring, people.GetValueOrDefault(f.HouseholdId) ?? []));
    }

    /// <summary>
    /// Per household, which year's facts describe <paramref name="year"/> and how many members they count: what a year's
    /// per-capita figure needs, counted in the database instead of reading every member.
    /// </summary>
    public static Dictionary<long, (int FactsYear, int Persons)> PersonsForYear(QinglingDbContext db, int year, IReadOnlyCollection<long>? households = null)
    {
        var facts = db.HouseholdYears.AsNoTracking().Where(f => f.Year <= year);
        var members = db.MemberYears.AsNoTracking().Where(f => f.Year <= year);
        if (households is not null)
        {
            var ids = households.ToList();
            facts = facts.Where(f => ids.Contains(f.HouseholdId));
            members = members.Where(f => ids.Contains(f.HouseholdId));
        }
        var latest = facts.GroupBy(f => f.HouseholdId).Select(g => new { HouseholdId = g.Key, Year = g.Max(f => f.Year) });
        var counts = members.Join(latest, m => new { m.HouseholdId, m.Year }, l => new { l.HouseholdId, l.Year }, (m, _) => m)
            .GroupBy(m => m.HouseholdId).Select(g => new { HouseholdId = g.Key, Persons = g.Count() }).ToDictionary(c => c.HouseholdId, c => c.Persons);
        return latest.AsEnumerable().ToDictionary(l => l.HouseholdId, l => (l.Year, counts.GetValueOrDefault(l.HouseholdId)));
    }
}
