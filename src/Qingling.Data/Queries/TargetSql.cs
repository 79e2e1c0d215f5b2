using System.Globalization;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Targets;

namespace Qingling.Data.Queries;

/// <summary>
/// The target rule of <see cref="TargetSelector"/> in SQL, shared by the roll-up (which counts targets per village) and the
/// target list (which returns them): one text, so the two can never count different households.
/// </summary>
internal static class TargetSql
{
    /// <summary>
    /// A <c>WITH</c> clause ending in the table <c>figures</c>: one row per household with facts for <paramref name="year"/>
    /// (the latest year up to it with an annual record), with <c>household_id</c>, <c>code</c>, <c>group_name</c>,
    /// <c>village_id</c>, <c>facts_year</c>, <c>type</c>, <c>monitoring</c>, <c>persons</c> and <c>labour</c> (its members
    /// then, and those who count as labour under the rule; null without members) and <c>net</c> (the year's counted
    /// ledger: only the import where the year's own record exists, excluded amounts never, as <see cref="LedgerSources"/>
    /// has it; null without lines), and with <paramref name="categories"/> the five category sums <c>c1</c>–<c>c5</c>
    /// (<see cref="IncomeCategory"/>'s values). <paramref name="year"/> is SQL: a literal or a placeholder.
    /// With <paramref name="kept"/> (PostgreSQL) members and ledger come from the sums the database keeps
    /// (<see cref="Database.KeptSums"/>), one row per household, in one join whose sizes the planner can estimate: each
    /// household's latest record is taken with DISTINCT ON (read backwards along the key, no sort). At a province's 2.7
    /// million households, the latest year as MAX(year) joined back, or tables named in a WITH and read twice, were
    /// estimated at a few thousand rows and the plan looped over indexes: 14.7 s and 30.2 s against 4.9 s.
    /// </summary>
    public static string With(string year, TargetRule rule, bool kept, bool categories = false)
    {
        var labourCapacities = new[] { LabourCapacity.Ordinary, LabourCapacity.Skilled, LabourCapacity.Weak }.Where(rule.IsLabour).Select(l => (int)l).ToList();
        var (cost, import) = ((int)IncomeCategory.ProductionCost, (int)IncomeSource.Import);
        var incomes = IncomeCategories.All.Where(c => c != IncomeCategory.ProductionCost).Select(c => (int)c).ToList();
        if (kept)
        {
            // The other sources count only where the year's own record is not in (LedgerSources).
            string Counted(int category) => $"s.import_{category} + CASE WHEN f.year <> {year} THEN s.other_{category} ELSE 0 END";
            var sums = categories ? string.Concat(IncomeCategories.All.Select(c => $", {Counted((int)c)} AS c{(int)c}")) : "";
            var labour = labourCapacities.Count == 0 ? "0" : string.Join(" + ", labourCapacities.Select(l => $"c.labour_{l}"));
            return $"""
                WITH figures AS (
                    SELECT f.household_id, h.code, h.group_name, h.village_id, f.year AS facts_year, f.type, f.monitoring,
                        c.persons, {labour} AS labour, {string.Join(" + ", incomes.Select(Counted))} - ({Counted(cost)}) AS net{sums}
                    FROM (SELECT DISTINCT ON (household_id) household_id, year, type, monitoring FROM household_years
                          WHERE year <= {year} ORDER BY household_id DESC, year DESC) f
                    JOIN households h ON h.id = f.household_id
                    LEFT JOIN member_counts c ON c.household_id = f.household_id AND c.year = f.year
                    LEFT JOIN ledger_sums s ON s.household_id = f.household_id AND s.year = {year})
                """;
        }
        var categorySums = categories ? string.Concat(IncomeCategories.All.Select(c => $", SUM(CASE WHEN e.category = {(int)c} THEN e.amount ELSE 0 END) AS c{(int)c}")) : "";
        var categoryColumns = categories ? string.Concat(IncomeCategories.All.Select(c => $", n.c{(int)c}")) : "";
        return $"""
            WITH latest AS (
                SELECT household_id, MAX(year) AS year FROM household_years WHERE year <= {year} GROUP BY household_id),
            facts AS (
                SELECT f.household_id, f.year AS facts_year, f.type, f.monitoring, h.village_id, h.code, h.group_name
                FROM household_years f
                JOIN latest l ON l.household_id = f.household_id AND l.year = f.year
                JOIN households h ON h.id = f.household_id),
            people AS (
                SELECT m.household_id, COUNT(*) AS persons, SUM(CASE WHEN m.labour IN ({string.Join(", ", labourCapacities.DefaultIfEmpty(0))}) THEN 1 ELSE 0 END) AS labour
                FROM member_years m JOIN latest l ON l.household_id = m.household_id AND l.year = m.year
                GROUP BY m.household_id),
            net AS (
                SELECT e.household_id, SUM(CASE WHEN e.category = {cost} THEN -e.amount ELSE e.amount END) AS net{categorySums}
                FROM income_entries e JOIN facts f ON f.household_id = e.household_id
                WHERE e.year = {year} AND e.excluded_reason IS NULL AND (f.facts_year <> {year} OR e.source = {import})
                GROUP BY e.household_id),
            figures AS (
                SELECT f.household_id, f.code, f.group_name, f.village_id, f.facts_year, f.type, f.monitoring, p.persons, p.labour, n.net{categoryColumns}
                FROM facts f
                LEFT JOIN people p ON p.household_id = f.household_id
                LEFT JOIN net n ON n.household_id = f.household_id)
            """;
    }

    /// <summary>
    /// Whether a row of <c>figures f</c> is a target: in scope, with labour, and "per-capita, rounded half away from zero
    /// to the fen, under the line", which for a positive line is exactly net &lt; (line − 0.005) × persons.
    /// <paramref name="limit"/> and <paramref name="includeMonitored"/> are SQL.
    /// </summary>
    public static string Target(string limit, string includeMonitored) =>
        $"(f.type = {(int)HouseholdType.ExitedPoverty} OR ({includeMonitored} = 1 AND f.monitoring IS NOT NULL)) AND f.labour > 0 AND COALESCE(f.net, 0) < {limit} * f.persons";

    /// <summary>
    /// (line − 0.005) in the database's money, the line first raised to the next whole fen: a per-capita figure is whole
    /// fen, so "under 9,999.999" is "under 10,000.00" (with the line itself, 9,999.994 would be the limit and a household
    /// at 9,999.99 would be lost). SQLite stores fen as integers (a double compares exactly: a whole number minus one
    /// half), PostgreSQL numeric yuan. A decimal parameter would reach SQLite as text and compare as text.
    /// </summary>
    public static object Limit(bool sqlite, TargetRule rule)
    {
        var fen = Math.Ceiling(rule.IncomeLine * 100m);
        return sqlite ? (double)(fen - 0.5m) : fen / 100m - 0.005m;
    }

    /// <summary><see cref="Limit"/> as an SQL literal.</summary>
    public static string LimitLiteral(bool sqlite, TargetRule rule) => sqlite
        ? ((double)Limit(sqlite, rule)).ToString("R", CultureInfo.InvariantCulture)
        : ((decimal)Limit(sqlite, rule)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The per-capita net income of a row of <c>figures f</c> rounded half away from zero to the fen, as
    /// <see cref="Money.Round"/> rounds it, in the database's money: the list's first sort key. SQLite in integer fen
    /// (integer division truncates toward zero); PostgreSQL's round() of numeric rounds half away from zero.
    /// </summary>
    public static string PerCapita(bool sqlite) => sqlite
        ? "(CASE WHEN COALESCE(f.net, 0) >= 0 THEN (2 * COALESCE(f.net, 0) + f.persons) / (2 * f.persons) ELSE -((f.persons - 2 * COALESCE(f.net, 0)) / (2 * f.persons)) END)"
        : "round(COALESCE(f.net, 0) / f.persons, 2)";
}
