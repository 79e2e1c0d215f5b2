using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Qingling.Data.Database;

namespace Qingling.Data.Audit;

/// <summary>
/// The hash chain of the trace: each entry's hash is SHA-256 over its canonical content followed by the previous
/// entry's hash, in id order. Entries are appended by <see cref="Append"/> only, under a lock (PostgreSQL: an advisory
/// lock for the transaction; SQLite: the write transaction itself), so two writers cannot both chain onto the same
/// previous entry. The chain head (last id and hash) is also kept in <c>settings</c>, so removing the last entries is found.
/// </summary>
public static class TraceChain
{
    public const string HeadSetting = "trace_head";
    /// <summary>Set by the migration that added the chain: the next start-up chains and digests what was there.</summary>
    public const string BackfillSetting = "trace_backfill_pending";
    // Any fixed number: the key of the advisory lock that serialises appends on PostgreSQL.
    internal const long LockKey = 0x71696e676c696e67;

    /// <summary>The canonical text of an entry: each field as length:value, null as '-', so no two entries share one.</summary>
    public static string Content(AuditEntry e)
    {
        var text = new StringBuilder(256);
        void Field(object? v)
        {
            if (v is null) { text.Append("-;"); return; }
            var s = Canonical.Value(v);
            text.Append(s.Length).Append(':').Append(s).Append(';');
        }
        Field(e.At); Field(e.Actor); Field(e.Action); Field(e.Entity); Field(e.EntityId); Field(e.HouseholdId);
        Field(e.Summary); Field(e.Before); Field(e.After); Field(e.ImportBatchId);
        return text.ToString();
    }

    /// <summary>SHA-256 (lower-case hex) of the content followed by the previous hash's bytes.</summary>
    public static string Hash(AuditEntry e, string previous)
    {
        var content = Encoding.UTF8.GetBytes(Content(e));
        var prev = previous.Length == 0 ? [] : Convert.FromHexString(previous);
        var all = new byte[content.Length + prev.Length];
        content.CopyTo(all, 0);
        prev.CopyTo(all, content.Length);
        return Convert.ToHexStringLower(SHA256.HashData(all));
    }

    /// <summary>Inserts the entries in order, each chained to the one before. Needs the caller's open transaction.</summary>
    public static void Append(QinglingDbContext db, IReadOnlyList<AuditEntry> entries)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("appending to the trace needs an open transaction");
        var postgres = !db.Database.IsSqlite();
        if (postgres) Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})");
        var previous = Scalar(connection, transaction, "SELECT hash FROM audit_entries WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1") as string ?? "";

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO audit_entries (at, actor, action, entity, entity_id, household_id, summary, before, after, import_batch_id, hash, prev_hash)
            VALUES (@at, @actor, @action, @entity, @entity_id, @household_id, @summary, @before, @after, @import_batch_id, @hash, @prev_hash)
            RETURNING id
            """;
        var names = new[] { "at", "actor", "action", "entity", "entity_id", "household_id", "summary", "before", "after", "import_batch_id", "hash", "prev_hash" };
        foreach (var name in names)
        {
            var p = insert.CreateParameter();
            p.ParameterName = "@" + name;
            insert.Parameters.Add(p);
        }
        long last = 0;
        foreach (var e in entries)
        {
            e.At = Canonical.Micro(e.At);
            e.PrevHash = previous;
            e.Hash = Hash(e, previous);
            object?[] values = [e.At, e.Actor, e.Action, e.Entity, e.EntityId, e.HouseholdId, e.Summary, e.Before, e.After, e.ImportBatchId, e.Hash, e.PrevHash];
            for (var i = 0; i < values.Length; i++) insert.Parameters[i].Value = values[i] ?? DBNull.Value;
            // SQLite keeps a DateTime as EF writes it; the parameter gives the same text form.
            e.Id = last = Convert.ToInt64(insert.ExecuteScalar());
            previous = e.Hash;
        }
        SetHead(connection, transaction, last, previous);
    }

    /// <summary>Records the chain head in settings (inserted the first time).</summary>
    static void SetHead(DbConnection connection, DbTransaction transaction, long id, string hash)
    {
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = "INSERT INTO settings (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        var k = upsert.CreateParameter(); k.ParameterName = "@k"; k.Value = HeadSetting; upsert.Parameters.Add(k);
        var v = upsert.CreateParameter(); v.ParameterName = "@v"; v.Value = $"{id}:{hash}"; upsert.Parameters.Add(v);
        upsert.ExecuteNonQuery();
    }

    /// <summary>
    /// After the migration that added the chain: chains the entries already there, in id order, once. Rows or entries added later without a hash or digest stay without, and verify names them.
    /// </summary>
    public static void Backfill(QinglingDbContext db)
    {
        if (db.Settings.AsNoTracking().FirstOrDefault(s => s.Key == BackfillSetting) is null) return;
        using var tx = db.Database.BeginTransaction();
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        if (!db.Database.IsSqlite()) Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})");
        var previous = "";
        long last = 0;
        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE audit_entries SET hash = @h, prev_hash = @p WHERE id = @id";
            var h = update.CreateParameter(); h.ParameterName = "@h"; update.Parameters.Add(h);
            var p = update.CreateParameter(); p.ParameterName = "@p"; update.Parameters.Add(p);
            var id = update.CreateParameter(); id.ParameterName = "@id"; update.Parameters.Add(id);
            foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsEnumerable().ToList())
            {
                p.Value = previous;
                previous = Hash(e, previous);
                h.Value = previous;
                id.Value = e.Id;
                update.ExecuteNonQuery();
                last = e.Id;
            }
        }
        if (last > 0) SetHead(connection, transaction, last, previous);
        // The rows' digests and seals are written by DigestUpgrade, once the key file is loaded.
        db.Settings.Where(s => s.Key == BackfillSetting).ExecuteDelete();
        tx.Commit();
    }

    /// <summary>Every row of a table, untracked, in no particular order (a year's facts have no id).</summary>
    public static IEnumerable<object> Rows(QinglingDbContext db, Type clrType) =>
        (IEnumerable<object>)typeof(TraceChain).GetMethod(nameof(RowsOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(clrType).Invoke(null, [db])!;

    static IEnumerable<object> RowsOf<T>(QinglingDbContext db) where T : class =>
        db.Set<T>().AsNoTracking();

    static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static object? Scalar(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
