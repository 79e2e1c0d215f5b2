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
/// The two big reads of the integrity checks, as plain SQL over the context's connection: a county's ledger is millions of
/// lines and its register millions of member-years, and materialising each row through the EF query pipeline cost several
/// times what reading it does. Only the columns the checks use, streamed. Money is exact fen in SQLite, numeric in PostgreSQL.
/// </summary>
static class IntegrityRows
{
    public readonly record struct LedgerLine(long HouseholdId, int Year, IncomeCategory Category, decimal Amount, IncomeSource Source, bool Excluded, long? MeasureId);

    public readonly record struct MemberLine(long MemberId, int Year, long HouseholdId, string RelationToHead, LabourCapacity Labour, string? WorkStatus, int? MonthsWorked);

    /// <summary>Every ledger line of <paramref name="year"/> and the year before.</summary>
    public static IEnumerable<LedgerLine> Ledger(QinglingDbContext db, int year)
    {
        var sqlite = db.Database.IsSqlite();
        var sql = "SELECT household_id, year, category, amount, source, excluded_reason IS NOT NULL, measure_id FROM income_entries " +
                  $"WHERE year = {year.ToString(CultureInfo.InvariantCulture)} OR year = {(year - 1).ToString(CultureInfo.InvariantCulture)}";
        foreach (var r in Read(db, sql))
            yield return new LedgerLine(r.GetInt64(0), r.GetInt32(1), (IncomeCategory)r.GetInt32(2), sqlite ? r.GetInt64(3) / 100m : r.GetDecimal(3),
                (IncomeSource)r.GetInt32(4), r.GetBoolean(5), r.IsDBNull(6) ? null : r.GetInt64(6));
    }

    /// <summary>Every member-year of the given years.</summary>
    public static IEnumerable<MemberLine> Members(QinglingDbContext db, IEnumerable<int> years)
    {
        var list = string.Join(", ", years.Select(y => y.ToString(CultureInfo.InvariantCulture)));
        if (list.Length == 0) yield break;
        var sql = $"SELECT member_id, year, household_id, relation_to_head, labour, work_status, months_worked FROM member_years WHERE year IN ({list})";
        foreach (var r in Read(db, sql))
            yield return new MemberLine(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetString(3), (LabourCapacity)r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt32(6));
    }

    static IEnumerable<DbDataReader> Read(QinglingDbContext db, string sql)
    {
        db.Database.OpenConnection();
        try
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
            while (reader.Read()) yield return reader;
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }
}
