using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Qingling.Data.Database;

/// <summary>
/// Loading millions of rows into an empty table is several times faster without its secondary indexes
/// (and, on PostgreSQL, its primary key and the foreign keys to and from it), which are then built or
/// checked once, in bulk, instead of row by row. They are dropped and rebuilt inside the import's
/// transaction (DDL is transactional on both databases), from the database's own definitions, so a
/// failed import leaves them exactly as they were.
/// </summary>
public sealed class BulkIndexes
{
    readonly QinglingDbContext _db;
    // Rebuilt in this order: primary keys first, since foreign keys need them, then the rest.
    readonly List<string> _primaryKeys = [];
    readonly List<string> _recreate = [];
    readonly HashSet<string> _droppedConstraints = [];

    BulkIndexes(QinglingDbContext db) => _db = db;

    /// <summary>Drops the secondary indexes of those <paramref name="tables"/> that hold no rows.</summary>
    public static BulkIndexes DropOnEmptyTables(QinglingDbContext db, params string[] tables)
    {
        var result = new BulkIndexes(db);
        var connection = db.Database.GetDbConnection();
        var sqlite = db.Database.IsSqlite();
        foreach (var table in tables)
        {
            if (Scalar(db, connection, $"SELECT COUNT(*) FROM (SELECT 1 FROM \"{table}\" LIMIT 1) t") is not 0L and not 0) continue;
            var definitions = new List<(string Name, string Sql)>();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = sqlite
                    ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $t AND sql IS NOT NULL"
                    : "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid " +
                      "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = $t AND NOT x.indisprimary AND t.relnamespace = current_schema()::regnamespace";
                if (!sqlite) command.CommandText = command.CommandText.Replace("$t", "@t");
                var p = command.CreateParameter();
                p.ParameterName = sqlite ? "$t" : "t";
                p.Value = table;
                command.Parameters.Add(p);
                using var reader = command.ExecuteReader();
                while (reader.Read()) definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
            foreach (var (name, sql) in definitions)
            {
                Execute(db, connection, $"DROP INDEX \"{name}\"");
                result._recreate.Add(sql);
            }
            if (!sqlite) result.DropKeys(connection, table);
        }
        return result;
    }

    /// <summary>PostgreSQL: the table's foreign keys, those of other tables that refer to it, then its primary key.</summary>
    void DropKeys(DbConnection connection, string table)
    {
        var keys = new List<(string Table, string Name, string Definition, bool Primary)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText =
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype = 'p' FROM pg_constraint c " +
                "WHERE (c.contype = 'f' AND (c.conrelid = to_regclass(@t) OR c.confrelid = to_regclass(@t))) OR (c.contype = 'p' AND c.conrelid = to_regclass(@t)) " +
                "ORDER BY c.contype = 'p'";
            var p = command.CreateParameter();
            p.ParameterName = "t";
            p.Value = table;
            command.Parameters.Add(p);
            using var reader = command.ExecuteReader();
            while (reader.Read()) keys.Add((reader.GetString(0).Trim('"'), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
        }
        foreach (var (owner, name, definition, primary) in keys)
        {
            if (!_droppedConstraints.Add(name)) continue;
            Execute(_db, connection, $"ALTER TABLE \"{owner}\" DROP CONSTRAINT \"{name}\"");
            (primary ? _primaryKeys : _recreate).Add($"ALTER TABLE \"{owner}\" ADD CONSTRAINT \"{name}\" {definition}");
        }
    }

    /// <summary>Builds the dropped indexes again; a unique index or foreign key that the new rows violate fails the import here.</summary>
    public void Rebuild()
    {
        var connection = _db.Database.GetDbConnection();
        foreach (var sql in _primaryKeys.Concat(_recreate)) Execute(_db, connection, sql);
        _primaryKeys.Clear();
        _recreate.Clear();
    }

    static void Execute(QinglingDbContext db, DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static object? Scalar(QinglingDbContext db, DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
