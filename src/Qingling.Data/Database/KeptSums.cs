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
    const int Categories = 5;  // IncomeCategory: Wage 1 … ProductionCost 5
    const int Capacities = 5;  // LabourCapacity: Ordinary 1 … None 5
    const int Imported = 1;    // IncomeSource.Import

    static IEnumerable<string> LedgerColumns() =>
        Enumerable.Range(1, Categories).Select(c => $"import_{c}").Concat(Enumerable.Range(1, Categories).Select(c => $"other_{c}"));

    static IEnumerable<string> MemberColumns() => new[] { "persons" }.Concat(Enumerable.Range(1, Capacities).Select(c => $"labour_{c}"));

    /// <summary>The sums of <paramref name="rows"/> (a transition table) per household and year, each multiplied by <paramref name="sign"/>.</summary>
    static string LedgerOf(string rows, int sign)
    {
        string Sum(string filter) => $"{sign} * COALESCE(SUM(amount) FILTER (WHERE {filter}), 0)";
        var sums = Enumerable.Range(1, Categories).Select(c => Sum($"source = {Imported} AND category = {c}"))
            .Concat(Enumerable.Range(1, Categories).Select(c => Sum($"source <> {Imported} AND category = {c}")));
        return $"SELECT household_id, year, {string.Join(", ", sums)} FROM {rows} WHERE excluded_reason IS NULL GROUP BY household_id, year";
    }

    static string MembersOf(string rows, int sign) =>
        $"SELECT household_id, year, {sign} * COUNT(*), " +
        string.Join(", ", Enumerable.Range(1, Capacities).Select(c => $"{sign} * COUNT(*) FILTER (WHERE labour = {c})")) +
        $" FROM {rows} GROUP BY household_id, year";

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
            Function("ledger_sums_insert", Upsert("ledger_sums", l, LedgerOf("new_rows", 1))),
            Function("ledger_sums_delete", Upsert("ledger_sums", l, LedgerOf("old_rows", -1))),
            Function("ledger_sums_update", Upsert("ledger_sums", l, LedgerOf("old_rows", -1)) + " " + Upsert("ledger_sums", l, LedgerOf("new_rows", 1))),
            Trigger("ledger_sums_insert", "income_entries", "INSERT", "NEW TABLE AS new_rows", "ledger_sums_insert"),
            Trigger("ledger_sums_delete", "income_entries", "DELETE", "OLD TABLE AS old_rows", "ledger_sums_delete"),
            Trigger("ledger_sums_update", "income_entries", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "ledger_sums_update"),
            Function("member_counts_insert", Upsert("member_counts", m, MembersOf("new_rows", 1))),
            Function("member_counts_delete", Upsert("member_counts", m, MembersOf("old_rows", -1))),
            Function("member_counts_update", Upsert("member_counts", m, MembersOf("old_rows", -1)) + " " + Upsert("member_counts", m, MembersOf("new_rows", 1))),
            Trigger("member_counts_insert", "member_years", "INSERT", "NEW TABLE AS new_rows", "member_counts_insert"),
            Trigger("member_counts_delete", "member_years", "DELETE", "OLD TABLE AS old_rows", "member_counts_delete"),
            Trigger("member_counts_update", "member_years", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "member_counts_update"),
            // A TRUNCATE has no transition table: it would leave the sums behind, so it is refused on the summed tables.
            Function("kept_sums_no_truncate", "RAISE EXCEPTION '收入明细与年度成员不可整表清空（TRUNCATE）：逐行删除，汇总随之更新';"),
            "CREATE TRIGGER ledger_sums_no_truncate BEFORE TRUNCATE ON income_entries FOR EACH STATEMENT EXECUTE FUNCTION kept_sums_no_truncate();",
            "CREATE TRIGGER member_counts_no_truncate BEFORE TRUNCATE ON member_years FOR EACH STATEMENT EXECUTE FUNCTION kept_sums_no_truncate();",
            Upsert("ledger_sums", l, LedgerOf("income_entries", 1)),
            Upsert("member_counts", m, MembersOf("member_years", 1)),
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
        return Compare("ledger_sums", l, LedgerOf("income_entries", 1)) + " UNION ALL " + Compare("member_counts", m, MembersOf("member_years", 1));
    }
}
