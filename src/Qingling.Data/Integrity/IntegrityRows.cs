using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Data.Database;

namespace Qingling.Data.Integrity;

/// <summary>
/// The two big reads of the integrity checks, as plain SQL (see <see cref="Both"/> for the connections): a county's ledger is millions of
/// lines and its register millions of member-years, and materialising each row through the EF query pipeline cost several
/// times what reading it does. Only the columns the checks use, streamed. Money is exact fen in SQLite, numeric in PostgreSQL.
/// </summary>
static class IntegrityRows
{
    public readonly record struct LedgerLine(long HouseholdId, int Year, IncomeCategory Category, decimal Amount, IncomeSource Source, bool Excluded, long? MeasureId);

    public readonly record struct MemberLine(long MemberId, int Year, long HouseholdId, string RelationToHead, LabourCapacity Labour, string? WorkStatus, int? MonthsWorked);

    /// <summary>
    /// Runs <paramref name="first"/> and <paramref name="second"/>, each given a connection to read with: side by side on
    /// connections of their own when no transaction is open (the two reads are a county's millions of rows each, and
    /// independent), one after the other on the context's connection inside a transaction, whose writes only it sees.
    /// </summary>
    public static void Both(QinglingDbContext db, Action<DbConnection, DbTransaction?> first, Action<DbConnection, DbTransaction?> second)
    {
        if (db.Database.CurrentTransaction is { } open)
        {
            var connection = db.Database.GetDbConnection();
            first(connection, open.GetDbTransaction());
            second(connection, open.GetDbTransaction());
            return;
        }
        var postgres = !db.Database.IsSqlite();
        var connectionString = db.Database.GetConnectionString()!;
        void Run(Action<DbConnection, DbTransaction?> read)
        {
            using var connection = Audit.TraceVerifier.Connect(postgres, connectionString);
            connection.Open();
            read(connection, null);
        }
        Parallel.Invoke(() => Run(first), () => Run(second));
    }

    /// <summary>Every ledger line of <paramref name="year"/> and the year before.</summary>
    // Year, category, source and exclusion come packed in one integer, and the measure is read only for a measure's
    // line: each column read is a call into SQLite, and on a county's millions of lines they were most of the time.
    public static IEnumerable<LedgerLine> Ledger(DbConnection connection, DbTransaction? transaction, int year)
    {
        var sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection;
        var y = year.ToString(CultureInfo.InvariantCulture);
        var sql = $"SELECT household_id, category + 8 * source + CASE WHEN excluded_reason IS NULL THEN 0 ELSE 64 END + CASE WHEN year = {y} THEN 128 ELSE 0 END, amount, measure_id " +
                  $"FROM income_entries WHERE year = {y} OR year = {(year - 1).ToString(CultureInfo.InvariantCulture)}";
        foreach (var r in Read(connection, transaction, sql))
        {
            // In column order: PostgreSQL reads the row sequentially.
            var household = r.GetInt64(0);
            var packed = r.GetInt32(1);
            var source = (IncomeSource)(packed >> 3 & 7);
            yield return new LedgerLine(household, (packed & 128) != 0 ? year : year - 1, (IncomeCategory)(packed & 7),
                sqlite ? Fen(r.GetInt64(2)) : r.GetDecimal(2), source, (packed & 64) != 0,
                source == IncomeSource.Measure && !r.IsDBNull(3) ? r.GetInt64(3) : null);
        }
    }

    /// <summary>Integer fen (SQLite's money) as yuan, built directly with two decimal places: no division per line.</summary>
    static decimal Fen(long fen)
    {
        var magnitude = (ulong)Math.Abs(fen);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, fen < 0, 2);
    }

    /// <summary>Every member-year of the given years.</summary>
    public static IEnumerable<MemberLine> Members(DbConnection connection, DbTransaction? transaction, IEnumerable<int> years)
    {
        var list = string.Join(", ", years.Select(y => y.ToString(CultureInfo.InvariantCulture)));
        if (list.Length == 0) yield break;
        var sql = $"SELECT member_id, year, household_id, relation_to_head, labour, work_status, months_worked FROM member_years WHERE year IN ({list})";
        foreach (var r in Read(connection, transaction, sql))
            yield return new MemberLine(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetString(3), (LabourCapacity)r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt32(6));
    }

    static IEnumerable<DbDataReader> Read(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
        while (reader.Read()) yield return reader;
    }
}
