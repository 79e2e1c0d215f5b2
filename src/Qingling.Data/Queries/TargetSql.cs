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
    /// The common tables: <c>latest</c> (per household, the latest year up to <paramref name="year"/> with an annual
    /// record), <c>facts</c> (that record's type and monitoring, and the household's village), <c>people</c> (its members
    /// and those who count as labour under the rule) and <c>net</c> (the year's counted ledger: only the import where the
    /// year's own record exists, excluded amounts never, as <see cref="LedgerSources"/> has it), with the five category
    /// sums <c>c1</c>–<c>c5</c> (<see cref="IncomeCategory"/>'s values) beside the net when <paramref name="categories"/>
    /// (a count needs the net alone). <paramref name="year"/> is SQL: a literal or a placeholder. With
    /// <paramref name="kept"/> (PostgreSQL) members and ledger come from the sums the database keeps
    /// (<see cref="Database.KeptSums"/>), one row per household, instead of from their rows.
    /// </summary>
    public static string With(string year, TargetRule rule, bool kept, bool categories = false)
    {
        var labourCapacities = new[] { LabourCapacity.Ordinary, LabourCapacity.Skilled, LabourCapacity.Weak }.Where(rule.IsLabour).Select(l => (int)l).ToList();
        var (cost, import) = ((int)IncomeCategory.ProductionCost, (int)IncomeSource.Import);
        var incomes = IncomeCategories.All.Where(c => c != IncomeCategory.ProductionCost).Select(c => (int)c).ToList();
        string people, net;
        if (kept)
        {
            // The other sources count only where the year's own record is not in (LedgerSources).
            string Counted(int category) => $"s.import_{category} + CASE WHEN f.facts_year <> {year} THEN s.other_{category} ELSE 0 END";
            var sums = categories ? string.Concat(IncomeCategories.All.Select(c => $", {Counted((int)c)} AS c{(int)c}")) : "";
            people = $"""
                SELECT c.household_id, c.persons, {(labourCapacities.Count == 0 ? "0" : string.Join(" + ", labourCapacities.Select(l => $"c.labour_{l}")))} AS labour
                FROM member_counts c JOIN latest l ON l.household_id = c.household_id AND l.year = c.year
                """;
            net = $"""
                SELECT s.household_id, {string.Join(" + ", incomes.Select(Counted))} - ({Counted(cost)}) AS net{sums}
                FROM ledger_sums s JOIN facts f ON f.household_id = s.household_id
                WHERE s.year = {year}
                """;
        }
        else
        {
            var sums = categories ? string.Concat(IncomeCategories.All.Select(c => $", SUM(CASE WHEN e.category = {(int)c} THEN e.amount ELSE 0 END) AS c{(int)c}")) : "";
            people = $"""
                SELECT m.household_id, COUNT(*) AS persons, SUM(CASE WHEN m.labour IN ({string.Join(", ", labourCapacities.DefaultIfEmpty(0))}) THEN 1 ELSE 0 END) AS labour
                FROM member_years m JOIN latest l ON l.household_id = m.household_id AND l.year = m.year
                GROUP BY m.household_id
                """;
            net = $"""
                SELECT e.household_id, SUM(CASE WHEN e.category = {cost} THEN -e.amount ELSE e.amount END) AS net{sums}
                FROM income_entries e JOIN facts f ON f.household_id = e.household_id
                WHERE e.year = {year} AND e.excluded_reason IS NULL AND (f.facts_year <> {year} OR e.source = {import})
                GROUP BY e.household_id
                """;
        }
        return $"""
            WITH latest AS (
                SELECT household_id, MAX(year) AS year FROM household_years WHERE year <= {year} GROUP BY household_id),
            facts AS (
                SELECT f.household_id, f.year AS facts_year, f.type, f.monitoring, h.village_id
                FROM household_years f
                JOIN latest l ON l.household_id = f.household_id AND l.year = f.year
                JOIN households h ON h.id = f.household_id),
            people AS (
            {people}),
            net AS (
            {net})
            """;
    }

    /// <summary>
    /// Whether a row of <c>facts f</c> joined to <c>people p</c> and <c>net n</c> is a target: in scope, with labour,
    /// and "per-capita, rounded half away from zero to the fen, under the line", which for a positive line is exactly
    /// net &lt; (line − 0.005) × persons. <paramref name="limit"/> and <paramref name="includeMonitored"/> are SQL.
    /// </summary>
    public static string Target(string limit, string includeMonitored) =>
        $"(f.type = {(int)HouseholdType.ExitedPoverty} OR ({includeMonitored} = 1 AND f.monitoring IS NOT NULL)) AND p.labour > 0 AND COALESCE(n.net, 0) < {limit} * p.persons";

    /// <summary>
    /// (line − 0.005) in the database's money: SQLite stores fen as integers (a double compares exactly: a whole number
    /// minus one half), PostgreSQL numeric yuan. A decimal parameter would reach SQLite as text and compare as text.
    /// </summary>
    public static object Limit(bool sqlite, TargetRule rule) => sqlite ? (double)(rule.IncomeLine * 100m - 0.5m) : rule.IncomeLine - 0.005m;

    /// <summary><see cref="Limit"/> as an SQL literal.</summary>
    public static string LimitLiteral(bool sqlite, TargetRule rule) => sqlite
        ? ((double)Limit(sqlite, rule)).ToString("R", CultureInfo.InvariantCulture)
        : ((decimal)Limit(sqlite, rule)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The per-capita net income rounded half away from zero to the fen, as <see cref="Money.Round"/> rounds it, in
    /// the database's money: the list's first sort key. SQLite in integer fen (integer division truncates toward zero);
    /// PostgreSQL's round() of numeric rounds half away from zero.
    /// </summary>
    public static string PerCapita(bool sqlite) => sqlite
        ? "(CASE WHEN COALESCE(n.net, 0) >= 0 THEN (2 * COALESCE(n.net, 0) + p.persons) / (2 * p.persons) ELSE -((p.persons - 2 * COALESCE(n.net, 0)) / (2 * p.persons)) END)"
        : "round(COALESCE(n.net, 0) / p.persons, 2)";
}
