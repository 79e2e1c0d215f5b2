using Microsoft.EntityFrameworkCore;

namespace Qingling.Data.Database;

/// <summary>
/// Bulk paths choose their own keys (so they need no round-trip per row): under a lock on the tables,
/// the next key is MAX(id) + 1; afterwards PostgreSQL's identity sequences are moved past what was used.
/// SQLite needs neither: its write transaction is exclusive, and INTEGER keys follow MAX(id) by themselves.
/// </summary>
public static class BulkKeys
{
    static readonly string[] Tables = ["regions", "households", "members", "income_entries"];

    public static void Lock(QinglingDbContext db)
    {
        if (!db.Database.IsSqlite())
            db.Database.ExecuteSqlRaw("LOCK TABLE regions, households, members, income_entries IN SHARE ROW EXCLUSIVE MODE");
    }

    public static void ResyncSequences(QinglingDbContext db)
    {
        if (db.Database.IsSqlite()) return;
        foreach (var table in Tables)
        {
            var sql = "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM " + table + "), false)";
            db.Database.ExecuteSqlRaw(sql);
        }
    }
}
