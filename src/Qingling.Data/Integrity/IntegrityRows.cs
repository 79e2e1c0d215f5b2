using System.Data.Common;
using System.Globalization;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Data.Database;

namespace Qingling.Data.Integrity;

/// <summary>
/// The big reads of the integrity checks, as plain SQL read through <see cref="BulkRows"/>: a county's ledger is
/// millions of lines and its register millions of member-years, and materialising each row through the EF query
/// pipeline cost several times what reading it does. Only the columns the checks use, streamed.
/// </summary>
static class IntegrityRows
{
    /// <param name="VisitNote">The note of a line a visit recorded (it names the visit), else null.</param>
    /// <param name="Id">The line's id, read only for a visit's line.</param>
    public readonly record struct LedgerLine(long HouseholdId, int Year, IncomeCategory Category, decimal Amount, IncomeSource Source, bool Excluded, long? MeasureId, string? VisitNote = null, long Id = 0);

    public readonly record struct MemberLine(long MemberId, int Year, long HouseholdId, string RelationToHead, LabourCapacity Labour, string? WorkStatus, int? MonthsWorked);

    public readonly record struct HouseholdLine(long Id, string Code, long VillageId);

    public readonly record struct YearLine(long HouseholdId, int Year, decimal? StatedNetIncome, decimal? StatedPerCapita);

    /// <summary>The note that marks a ledger line recorded by a visit (RhythmHandler writes it).</summary>
    public const string VisitNote = "入户走访#";

    /// <summary>Every ledger line of <paramref name="year"/> and the year before.</summary>
    // Year, category, source, exclusion and "a visit's line" come packed in one integer, and the measure, note and id
    // are read only for the lines that need them: each column read is a call into the database driver, and on a
    // county's millions of lines they were most of the time.
    public static IEnumerable<LedgerLine> Ledger(DbConnection connection, DbTransaction? transaction, int year)
    {
        var y = year.ToString(CultureInfo.InvariantCulture);
        // Whether a line is a visit's is asked once per line where the engine allows: SQLite computes every column of a
        // row as it steps, so the note and id are plain columns (only referenced, read only for a visit's line) and the
        // prefix test is a byte comparison (SQLite's default BINARY collation: "入户走访#" ≤ note < "入户走访$" holds
        // exactly for the notes starting with it); three substr() per line were 0.6 s of SQLite's 2.0 s over a county's
        // 6.7 million lines. PostgreSQL sends every column it is asked for, so there the note stays null unless it is a
        // visit's, and starts_with() compares bytes whatever the database's collation.
        var sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection;
        var visit = sqlite ? $"note >= '{VisitNote}' AND note < '{VisitNote[..^1]}{(char)(VisitNote[^1] + 1)}'" : $"starts_with(note, '{VisitNote}')";
        var (note, id) = sqlite ? ("note", "id") : ($"CASE WHEN {visit} THEN note END", $"CASE WHEN {visit} THEN id END");
        var sql = $"SELECT household_id, category + 8 * source + CASE WHEN excluded_reason IS NULL THEN 0 ELSE 64 END + CASE WHEN year = {y} THEN 128 ELSE 0 END " +
                  $"+ CASE WHEN {visit} THEN 256 ELSE 0 END, amount, measure_id, {note}, {id} " +
                  $"FROM income_entries WHERE year = {y} OR year = {(year - 1).ToString(CultureInfo.InvariantCulture)}";
        using var rows = BulkRows.Open(connection, transaction, sql);
        while (rows.Read())
        {
            // In column order: PostgreSQL reads the row sequentially.
            var household = rows.Int64(0);
            var packed = rows.Int32(1);
            var amount = rows.Money(2);
            var source = (IncomeSource)(packed >> 3 & 7);
            long? measure = source == IncomeSource.Measure && !rows.IsNull(3) ? rows.Int64(3) : null;
            var visitLine = (packed & 256) != 0;
            yield return new LedgerLine(household, (packed & 128) != 0 ? year : year - 1, (IncomeCategory)(packed & 7),
                amount, source, (packed & 64) != 0, measure,
                visitLine ? rows.Text(4, repeated: false) : null, visitLine ? rows.Int64(5) : 0);
        }
    }

    /// <summary>Every member-year of the given years.</summary>
    public static IEnumerable<MemberLine> Members(DbConnection connection, DbTransaction? transaction, IEnumerable<int> years)
    {
        var list = string.Join(", ", years.Select(y => y.ToString(CultureInfo.InvariantCulture)));
        if (list.Length == 0) yield break;
        var sql = $"SELECT member_id, year, household_id, relation_to_head, labour, work_status, months_worked FROM member_years WHERE year IN ({list})";
        using var rows = BulkRows.Open(connection, transaction, sql);
        while (rows.Read())
            yield return new MemberLine(rows.Int64(0), rows.Int32(1), rows.Int64(2), rows.Text(3)!, (LabourCapacity)rows.Int32(4),
                rows.Text(5), rows.IsNull(6) ? null : rows.Int32(6));
    }

    /// <summary>How many members each household's record of each of the given years has, so each list is made to its size.</summary>
    public static Dictionary<(long Household, int Year), int> MemberCounts(DbConnection connection, DbTransaction? transaction, IEnumerable<int> years)
    {
        var counts = new Dictionary<(long, int), int>();
        var list = string.Join(", ", years.Select(y => y.ToString(CultureInfo.InvariantCulture)));
        if (list.Length == 0) return counts;
        using var rows = BulkRows.Open(connection, transaction, $"SELECT household_id, year, COUNT(*) FROM member_years WHERE year IN ({list}) GROUP BY household_id, year");
        while (rows.Read()) counts[(rows.Int64(0), rows.Int32(1))] = (int)rows.Int64(2);
        return counts;
    }

    /// <summary>Every household: id, code and village.</summary>
    public static List<HouseholdLine> Households(DbConnection connection, DbTransaction? transaction)
    {
        var list = new List<HouseholdLine>();
        using var rows = BulkRows.Open(connection, transaction, "SELECT id, code, village_id FROM households");
        while (rows.Read()) list.Add(new HouseholdLine(rows.Int64(0), rows.Text(1, repeated: false)!, rows.Int64(2)));
        return list;
    }

    /// <summary>Every household's annual records up to <paramref name="year"/>, with the export's stated totals.</summary>
    public static IEnumerable<YearLine> Years(DbConnection connection, DbTransaction? transaction, int year)
    {
        using var rows = BulkRows.Open(connection, transaction,
            $"SELECT household_id, year, stated_net_income, stated_per_capita FROM household_years WHERE year <= {year.ToString(CultureInfo.InvariantCulture)}");
        while (rows.Read())
            yield return new YearLine(rows.Int64(0), rows.Int32(1), rows.IsNull(2) ? null : rows.Money(2), rows.IsNull(3) ? null : rows.Money(3));
    }
}
