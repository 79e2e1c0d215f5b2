using Microsoft.EntityFrameworkCore;

namespace Qingling.Data.Database;

/// <summary>
/// Per household and year, the sums every figure of the year starts from, kept by PostgreSQL itself as the rows they sum
/// change: <c>ledger_sums</c> (the counted ledger: amounts not excluded, by category, imported lines apart from every
/// other source) and <c>member_counts</c> (the year's members, by labour capacity). A province's register is 24 million
/// ledger lines and 10 million member rows: summing them on every roll-up took 31 s; the kept sums are one row per
/// household and year. Statement-level triggers with transition tables add each statement's rows once (an import's COPY of
/// 10,000 lines is one grouped upsert, not 10,000), so no path that writes the ledger or the members (import, the web, a
/// hand-written UPDATE) can leave them behind. SQLite, a town's database, sums the rows themselves.
/// </summary>
public static class KeptSums
{
    const int Categories = 5;  // IncomeCategory: Wage 1 … ProductionCost 5 (KeptSumsTests ties these to the enums)
    const int Capacities = 5;  // LabourCapacity: Ordinary 1 … None 5
    const int Imported = 1;    // IncomeSource.Import

    static IEnumerable<string> LedgerColumns() =>
        Enumerable.Range(1, Categories).Select(c => $"import_{c}").Concat(Enumerable.Range(1, Categories).Select(c => $"other_{c}"));

    static IEnumerable<string> MemberColumns() => new[] { "persons" }.Concat(Enumerable.Range(1, Capacities).Select(c => $"labour_{c}"));

    /// <summary>
    /// The signed sums of <paramref name="rows"/> (a relation with the ledger's columns and <c>sign</c>: +1 for rows that
    /// count from now on, −1 for rows that no longer do) per household and year, in key order: every statement locks
    /// the kept rows in the same order, so two cannot wait on each other.
    /// </summary>
    static string LedgerOf(string rows)
    {
        string Sum(string filter) => $"COALESCE(SUM(sign * amount) FILTER (WHERE {filter}), 0)";
        var sums = Enumerable.Range(1, Categories).Select(c => Sum($"source = {Imported} AND category = {c}"))
            .Concat(Enumerable.Range(1, Categories).Select(c => Sum($"source <> {Imported} AND category = {c}")));
        return $"SELECT household_id, year, {string.Join(", ", sums)} FROM {rows} WHERE excluded_reason IS NULL GROUP BY household_id, year ORDER BY year, household_id";
    }

    static string MembersOf(string rows) =>
        "SELECT household_id, year, SUM(sign), " +
        string.Join(", ", Enumerable.Range(1, Capacities).Select(c => $"COALESCE(SUM(sign) FILTER (WHERE labour = {c}), 0)")) +
        $" FROM {rows} GROUP BY household_id, year ORDER BY year, household_id";

    static string Signed(string table, int sign) => $"(SELECT {sign} AS sign, * FROM {table}) r";

    /// <summary>
    /// An UPDATE's rows as −1 (before) and +1 (after). Ledger lines whose counted columns did not change are left out: a
    /// note edited, or every row's digest written by an upgrade, moves no sum and locks no kept row.
    /// </summary>
    const string LedgerChanged = "(o.household_id, o.year, o.category, o.source, o.amount, o.excluded_reason) IS DISTINCT FROM " +
                                 "(n.household_id, n.year, n.category, n.source, n.amount, n.excluded_reason)";

    static readonly string LedgerUpdated =
        $"(SELECT -1 AS sign, o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {LedgerChanged} " +
        $"UNION ALL SELECT 1 AS sign, n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {LedgerChanged}) r";

    // member_years is keyed by (member_id, year), and an UPDATE may change either: its rows are not matched, all count.
    const string MembersUpdated = "(SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1 AS sign, * FROM new_rows) r";

    static string Upsert(string table, IEnumerable<string> columns, string select)
    {
        var list = columns.ToList();
        return $"INSERT INTO {table} AS s (household_id, year, {string.Join(", ", list)}) {select} " +
               $"ON CONFLICT (year, household_id) DO UPDATE SET {string.Join(", ", list.Select(c => $"{c} = s.{c} + EXCLUDED.{c}"))};";
    }

    /// <summary>The kept sums' type: the ledger's numeric(14,2) with room for a household's year.</summary>
    const string Money = "numeric(16,2)";

    /// <summary>The tables, their triggers, and the sums of the rows already there (a county upgrading keeps its data).</summary>
    public static string PostgresCreate()
    {
        var ledger = string.Join(", ", LedgerColumns().Select(c => $"{c} {Money} NOT NULL DEFAULT 0"));
        var members = string.Join(", ", MemberColumns().Select(c => $"{c} integer NOT NULL DEFAULT 0"));
        string Function(string name, string body) => $"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$;";
        string Trigger(string name, string table, string operation, string referencing, string function) =>
            $"CREATE TRIGGER {name} AFTER {operation} ON {table} REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}();";
        var l = LedgerColumns();
        var m = MemberColumns();
        return string.Join("\n", [
            $"CREATE TABLE ledger_sums (household_id bigint NOT NULL, year integer NOT NULL, {ledger}, PRIMARY KEY (year, household_id));",
            $"CREATE TABLE member_counts (household_id bigint NOT NULL, year integer NOT NULL, {members}, PRIMARY KEY (year, household_id));",
            Function("ledger_sums_insert", Upsert("ledger_sums", l, LedgerOf(Signed("new_rows", 1)))),
            Function("ledger_sums_delete", Upsert("ledger_sums", l, LedgerOf(Signed("old_rows", -1)))),
            Function("ledger_sums_update", Upsert("ledger_sums", l, LedgerOf(LedgerUpdated))),
            Trigger("ledger_sums_insert", "income_entries", "INSERT", "NEW TABLE AS new_rows", "ledger_sums_insert"),
            Trigger("ledger_sums_delete", "income_entries", "DELETE", "OLD TABLE AS old_rows", "ledger_sums_delete"),
            Trigger("ledger_sums_update", "income_entries", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "ledger_sums_update"),
            Function("member_counts_insert", Upsert("member_counts", m, MembersOf(Signed("new_rows", 1)))),
            Function("member_counts_delete", Upsert("member_counts", m, MembersOf(Signed("old_rows", -1)))),
            Function("member_counts_update", Upsert("member_counts", m, MembersOf(MembersUpdated))),
            Trigger("member_counts_insert", "member_years", "INSERT", "NEW TABLE AS new_rows", "member_counts_insert"),
            Trigger("member_counts_delete", "member_years", "DELETE", "OLD TABLE AS old_rows", "member_counts_delete"),
            Trigger("member_counts_update", "member_years", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "member_counts_update"),
            // A TRUNCATE has no transition table: it would leave the sums behind, so it is refused on the summed tables.
            Function("kept_sums_no_truncate", "RAISE EXCEPTION '收入明细与年度成员不可整表清空（TRUNCATE）：逐行删除，汇总随之更新';"),
            "CREATE TRIGGER ledger_sums_no_truncate BEFORE TRUNCATE ON income_entries FOR EACH STATEMENT EXECUTE FUNCTION kept_sums_no_truncate();",
            "CREATE TRIGGER member_counts_no_truncate BEFORE TRUNCATE ON member_years FOR EACH STATEMENT EXECUTE FUNCTION kept_sums_no_truncate();",
            Upsert("ledger_sums", l, LedgerOf(Signed("income_entries", 1))),
            Upsert("member_counts", m, MembersOf(Signed("member_years", 1))),
        ]);
    }

    public const string PostgresDrop = """
        DROP TRIGGER ledger_sums_no_truncate ON income_entries; DROP TRIGGER member_counts_no_truncate ON member_years;
        DROP TRIGGER ledger_sums_insert ON income_entries; DROP TRIGGER ledger_sums_delete ON income_entries; DROP TRIGGER ledger_sums_update ON income_entries;
        DROP TRIGGER member_counts_insert ON member_years; DROP TRIGGER member_counts_delete ON member_years; DROP TRIGGER member_counts_update ON member_years;
        DROP FUNCTION kept_sums_no_truncate(); DROP FUNCTION ledger_sums_insert(); DROP FUNCTION ledger_sums_delete(); DROP FUNCTION ledger_sums_update();
        DROP FUNCTION member_counts_insert(); DROP FUNCTION member_counts_delete(); DROP FUNCTION member_counts_update();
        DROP TABLE ledger_sums; DROP TABLE member_counts;
        """;

    /// <summary>
    /// The kept sums that differ from the rows they sum, as (table, household, year); empty when they agree. What the
    /// tests ask after every kind of write, and what an operator can ask of a database.
    /// </summary>
    public static string PostgresDrift()
    {
        var l = LedgerColumns().ToList();
        var m = MemberColumns().ToList();
        string Compare(string table, List<string> columns, string fresh) =>
            $"SELECT '{table}' AS kept, COALESCE(k.household_id, f.household_id) AS household_id, COALESCE(k.year, f.year) AS year " +
            $"FROM {table} k FULL JOIN ({fresh}) f (household_id, year, {string.Join(", ", columns)}) ON f.household_id = k.household_id AND f.year = k.year " +
            $"WHERE {string.Join(" OR ", columns.Select(c => $"COALESCE(k.{c}, 0) <> COALESCE(f.{c}, 0)"))}";
        return Compare("ledger_sums", l, LedgerOf(Signed("income_entries", 1))) + " UNION ALL " + Compare("member_counts", m, MembersOf(Signed("member_years", 1)));
    }

    /// <summary>
    /// How many kept sums differ from the rows they sum (<see cref="PostgresDrift"/>), and the first
    /// <paramref name="first"/> of them; none on SQLite, which keeps none. One pass: the count rides on the rows.
    /// </summary>
    public static (long Count, List<KeptSumDrift> First) Drift(QinglingDbContext db, int first)
    {
        if (db.Database.IsSqlite()) return (0, []);
        // Generated text and an integer: nothing from outside.
        var sql = "SELECT d.kept, d.household_id, d.year, COUNT(*) OVER () AS total FROM (" + PostgresDrift() + ") d ORDER BY d.year, d.household_id LIMIT " + first.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rows = db.Database.SqlQueryRaw<KeptSumDrift>(sql).ToList();
        return (rows.Count == 0 ? 0 : rows[0].Total, rows);
    }
}

/// <summary>One kept sum that differs from its rows: the table, the household and the year.</summary>
public sealed class KeptSumDrift
{
    public string Kept { get; set; } = "";
    public long HouseholdId { get; set; }
    public int Year { get; set; }
    public long Total { get; set; }
}
