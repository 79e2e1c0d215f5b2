using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Qingling.Data.Database;

namespace Qingling.Data.Audit;

/// <summary>
/// The seal of a table with row digests: its row count and the sum (mod 2^128) of every row's keyed share
/// (<see cref="RowDigest.SealShare"/>), kept in <c>settings</c> as <c>seal:table</c>. The sum does not depend on row
/// order, so each transaction adds and takes away only the shares of the rows it inserts, changes or deletes, at its
/// commit, in the same transaction (<see cref="SealInterceptor"/>). A row deleted outside the application leaves its
/// share in the seal, and without the key file nobody can take it out: verify recomputes the seal and names the table.
/// </summary>
public static class TableSeal
{
    public const string Prefix = "seal:";

    public readonly record struct Value(long Count, UInt128 Sum)
    {
        public Value Add(UInt128 share) => new(Count + 1, unchecked(Sum + share));
        public Value Remove(UInt128 share) => new(Count - 1, unchecked(Sum - share));
        public Value Plus(Value other) => new(Count + other.Count, unchecked(Sum + other.Sum));
        public Value Change(UInt128 old, UInt128 now) => new(Count, unchecked(Sum - old + now));
        public override string ToString() => $"{Count.ToString(CultureInfo.InvariantCulture)}:{Sum.ToString("x32", CultureInfo.InvariantCulture)}";

        public static Value? Parse(string? text)
        {
            var parts = text?.Split(':');
            if (parts is not { Length: 2 }
                || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
                || !UInt128.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var sum)) return null;
            return new Value(count, sum);
        }
    }

    public static string Setting(string table) => Prefix + table;

    /// <summary>Adds a change to what this context's transaction will add to the seal at commit.</summary>
    internal static void Pending(QinglingDbContext db, string table, Value delta)
    {
        lock (db.PendingSeals)
            db.PendingSeals[table] = db.PendingSeals.TryGetValue(table, out var v) ? v.Plus(delta) : delta;
    }

    /// <summary>
    /// Writes the pending changes into the seals, in the committing transaction. PostgreSQL: under the trace's advisory
    /// lock, so two transactions' read-add-write of a seal cannot interleave; SQLite: the write transaction serialises them.
    /// </summary>
    internal static void Apply(DbTransaction transaction, QinglingDbContext db)
    {
        List<KeyValuePair<string, Value>> pending;
        lock (db.PendingSeals)
        {
            if (db.PendingSeals.Count == 0) return;
            pending = db.PendingSeals.ToList();
            db.PendingSeals.Clear();
        }
        var connection = transaction.Connection!;
        if (connection is Npgsql.NpgsqlConnection) Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({TraceChain.LockKey})");
        foreach (var (table, delta) in pending)
        {
            var now = (Read(connection, transaction, table) ?? default).Plus(delta);
            Write(connection, transaction, table, now);
        }
    }

    public static Value? Read(DbConnection connection, DbTransaction? transaction, string table) =>
        Value.Parse(ReadSetting(connection, transaction, Setting(table)));

    public const string SealedThroughSetting = "seals_through_migration";

    /// <summary>
    /// Seals, empty, each table with row digests that has no seal and no row, once per schema version (the newest
    /// migration, kept in <see cref="SealedThroughSetting"/>). A table added by a later release otherwise got its seal
    /// only with its first row, and verify reported the missing seal of a table that never held one on every database
    /// upgraded across that release. A database not keyed yet is left to <see cref="DigestUpgrade"/>, which seals all.
    /// </summary>
    public static void SealNewTables(QinglingDbContext db, string? schemaVersion)
    {
        if (schemaVersion is null) return;
        db.Database.OpenConnection();
        try
        {
            var connection = db.Database.GetDbConnection();
            if (ReadSetting(connection, null, SealedThroughSetting) == schemaVersion || ReadSetting(connection, null, DigestUpgrade.SchemeSetting) is null) return;
            using var tx = db.Database.BeginTransaction();
            var transaction = tx.GetDbTransaction();
            if (connection is Npgsql.NpgsqlConnection) Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({TraceChain.LockKey})");
            foreach (var type in db.Model.GetEntityTypes())
            {
                if (RowDigest.For(type) is not { } shape || Read(connection, transaction, shape.Table) is not null) continue;
                using var any = connection.CreateCommand();
                any.Transaction = transaction;
                any.CommandText = $"SELECT 1 FROM \"{shape.Table}\" LIMIT 1";
                if (any.ExecuteScalar() is null) Write(connection, transaction, shape.Table, default);
            }
            WriteSetting(connection, transaction, SealedThroughSetting, schemaVersion);
            tx.Commit();
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    public static void Write(DbConnection connection, DbTransaction transaction, string table, Value value) =>
        WriteSetting(connection, transaction, Setting(table), value.ToString());

    static string? ReadSetting(DbConnection connection, DbTransaction? transaction, string key)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT value FROM settings WHERE key = @k";
        var k = read.CreateParameter(); k.ParameterName = "@k"; k.Value = key; read.Parameters.Add(k);
        return read.ExecuteScalar() as string;
    }

    /// <summary>Writes one setting by plain SQL: outside change tracking, so it is no data change and moves no data version.</summary>
    internal static void WriteSetting(DbConnection connection, DbTransaction? transaction, string key, string value)
    {
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = "INSERT INTO settings (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        var k = upsert.CreateParameter(); k.ParameterName = "@k"; k.Value = key; upsert.Parameters.Add(k);
        var v = upsert.CreateParameter(); v.ParameterName = "@v"; v.Value = value; upsert.Parameters.Add(v);
        upsert.ExecuteNonQuery();
    }

    /// <summary>
    /// The digest the database holds for a row now (in the caller's transaction; PostgreSQL locks the row until commit),
    /// for a change or delete whose entity was not loaded with its digest, or may be stale.
    /// </summary>
    internal static byte[]? StoredDigest(QinglingDbContext db, RowDigest.Shape shape, object?[] keyValues)
    {
        var connection = db.Database.GetDbConnection();
        using var read = connection.CreateCommand();
        read.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var where = string.Join(" AND ", shape.KeyColumns.Select((k, i) => $"\"{k.Column}\" = @k{i}"));
        read.CommandText = $"SELECT digest FROM \"{shape.Table}\" WHERE {where}" + (connection is Npgsql.NpgsqlConnection ? " FOR UPDATE" : "");
        for (var i = 0; i < keyValues.Length; i++)
        {
            var p = read.CreateParameter();
            p.ParameterName = "@k" + i;
            var converter = shape.KeyColumns[i].Property.GetTypeMapping().Converter;
            p.Value = (converter is null ? keyValues[i] : converter.ConvertToProvider(keyValues[i])) ?? DBNull.Value;
            read.Parameters.Add(p);
        }
        return read.ExecuteScalar() as byte[];
    }

    /// <summary>Takes rows deleted by SQL (not through the tracker), as they were loaded just before, out of their table's seal.</summary>
    internal static void Removed<T>(QinglingDbContext db, IEnumerable<T> rows) where T : class
    {
        var shape = RowDigest.For(db.Model.FindEntityType(typeof(T))!)!;
        Value delta = default;
        foreach (var row in rows)
            delta = shape.Stored(row) is { } digest ? delta.Remove(RowDigest.SealShare(db.RequireKey(), shape.Table, shape.KeyText(row), digest)) : delta with { Count = delta.Count - 1 };
        Pending(db, shape.Table, delta);
    }

    static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Writes a transaction's seal changes just before it commits; a rolled-back transaction's are dropped.</summary>
sealed class SealInterceptor : DbTransactionInterceptor
{
    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is QinglingDbContext db) TableSeal.Apply(transaction, db);
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is QinglingDbContext db) TableSeal.Apply(transaction, db);
        return ValueTask.FromResult(result);
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is QinglingDbContext db) lock (db.PendingSeals) db.PendingSeals.Clear();
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        // Whatever a transaction disposed without commit or rollback left behind is not this one's.
        if (eventData.Context is QinglingDbContext db) lock (db.PendingSeals) db.PendingSeals.Clear();
        return result;
    }
}
