using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Data.Database;

namespace Qingling.Data.Queries;

/// <summary>
/// A household as one year's facts have it: the annual record of that year when there is one, otherwise the
/// latest earlier one (a year still open is described by the last export until its own arrives).
/// </summary>
public sealed record HouseholdFacts(long HouseholdId, int FactsYear, HouseholdType Type, MonitoringCategory? Monitoring, IReadOnlyList<MemberWork> Members)
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
        var latest = Latest(asOf is { } day && day < new DateOnly(year, 12, 31) ? year - 1 : year, households);
        // Read straight (BulkRows), only the columns a figure uses: a county's million member rows went through EF's
        // entities at several seconds and twice the memory. Each household's members come in member order, as the little a figure reads of them.
        return BulkRows.OnContext(db, (connection, transaction) =>
        {
            // Each household's members come together and in member order (the database sorts them: cheaper than a list
            // per household grown row by row and sorted after, which was a tenth of `progress` on PostgreSQL), and are kept
            // as an array of their own size.
            var members = new Dictionary<long, MemberWork[]>();
            var run = new List<MemberWork>();
            var current = long.MinValue;
            using (var rows = BulkRows.Open(connection, transaction, latest +
                "SELECT m.member_id, m.household_id, m.labour, m.work_status, m.months_worked " +
                "FROM member_years m JOIN latest l ON l.household_id = m.household_id AND l.year = m.year ORDER BY m.household_id, m.member_id"))
            {
                while (rows.Read())
                {
                    // In column order: PostgreSQL reads the row sequentially.
                    var id = rows.Int64(0);
                    var household = rows.Int64(1);
                    if (household != current)
                    {
                        if (run.Count > 0) members[current] = [.. run];
                        run.Clear();
                        current = household;
                    }
                    run.Add(new MemberWork(id, (LabourCapacity)rows.Int32(2), Work.IsWorking(rows.Text(3), rows.IsNull(4) ? null : rows.Int32(4))));
                }
                if (run.Count > 0) members[current] = [.. run];
            }
            var facts = new Dictionary<long, HouseholdFacts>();
            using (var rows = BulkRows.Open(connection, transaction, latest +
                "SELECT f.household_id, f.year, f.type, f.monitoring FROM household_years f JOIN latest l ON l.household_id = f.household_id AND l.year = f.year"))
                while (rows.Read())
                {
                    var id = rows.Int64(0);
                    facts[id] = new HouseholdFacts(id, rows.Int32(1), (HouseholdType)rows.Int32(2), rows.IsNull(3) ? null : (MonitoringCategory)rows.Int32(3),
                        members.GetValueOrDefault(id) ?? []);
                }
            return facts;
        });
    }

    /// <summary>
    /// The SQL common table <c>latest</c>: per household (of <paramref name="households"/>, when given) the latest year up to
    /// <paramref name="lastYear"/> with an annual record, as (household_id, year); a query joins it and goes on after it.
    /// </summary>
    internal static string Latest(int lastYear, IReadOnlyCollection<long>? households)
    {
        var only = households is null ? "" : households.Count == 0 ? " AND 1 = 0"
            : $" AND household_id IN ({string.Join(", ", households.Select(h => h.ToString(CultureInfo.InvariantCulture)))})";
        return $"WITH latest AS (SELECT household_id, MAX(year) AS year FROM household_years WHERE year <= {lastYear.ToString(CultureInfo.InvariantCulture)}{only} GROUP BY household_id) ";
    }

    /// <summary>
    /// Per household, which year's facts describe <paramref name="year"/> and how many members they count: what a year's
    /// per-capita figure needs, counted in the database instead of reading every member.
    /// </summary>
    public static Dictionary<long, (int FactsYear, int Persons)> PersonsForYear(QinglingDbContext db, int year, IReadOnlyCollection<long>? households = null) =>
        BulkRows.OnContext(db, (connection, transaction) =>
        {
            var result = new Dictionary<long, (int FactsYear, int Persons)>();
            using var rows = BulkRows.Open(connection, transaction, Latest(year, households) +
                "SELECT l.household_id, l.year, COUNT(m.member_id) FROM latest l " +
                "LEFT JOIN member_years m ON m.household_id = l.household_id AND m.year = l.year GROUP BY l.household_id, l.year");
            while (rows.Read()) result[rows.Int64(0)] = (rows.Int32(1), (int)rows.Int64(2));
            return result;
        });
}
