using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Qingling.Data.Database;

namespace Qingling.Data.Audit;

/// <summary>
/// Once per database, at the first open with its key file after this version: every row digest is recomputed under
/// the MAC key (older digests were plain SHA-256, and the year facts, plans, visits, reviews and tasks had none) and
/// every table's seal is built, in one transaction, recorded in the trace as a system step. The setting
/// <see cref="SchemeSetting"/> marks it done. Digests that no longer matched their rows before the upgrade are
/// recomputed too: verify before upgrading an old database whose rows you doubt (the old binary's `trace verify`).
/// </summary>
public static class DigestUpgrade
{
    public const string SchemeSetting = "row_digest_scheme";
    public const string Scheme = "hmac-sha256:1";
    const int Batch = 10_000;

    public static void Run(QinglingDbContext db)
    {
        if (db.Settings.AsNoTracking().Any(s => s.Key == SchemeSetting)) return;
        var key = db.RequireKey();
        db.Database.OpenConnection();
        using var tx = db.Database.BeginTransaction();
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        var postgres = !db.Database.IsSqlite();
        if (postgres) Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({TraceChain.LockKey})");
        if (db.Settings.AsNoTracking().Any(s => s.Key == SchemeSetting)) return; // another process did it meanwhile
        var counts = new List<string>();
        long total = 0;
        foreach (var type in db.Model.GetEntityTypes().OrderBy(t => t.GetTableName(), StringComparer.Ordinal))
        {
            if (RowDigest.For(type) is not { } shape) continue;
            TableSeal.Value seal = default;
            // The whole table is read before the first update (SQLite cannot update a table while a reader on the same
            // connection is open on it), keeping only each row's key and new digest: holding the rows themselves took
            // 2.5 GB on a million-member town.
            var digests = new List<(object?[] Key, byte[] Digest)>();
            foreach (var row in TraceChain.Rows(db, type.ClrType))
            {
                var digest = RowDigest.Of(shape, key, row);
                var keyValues = shape.KeyColumns.Select(k => k.Get(row)).ToArray();
                seal = seal.Add(RowDigest.SealShare(key, shape.Table, shape.KeyText(keyValues), digest));
                digests.Add((keyValues, digest));
            }
            for (var from = 0; from < digests.Count; from += Batch)
            {
                var batch = digests.GetRange(from, Math.Min(Batch, digests.Count - from));
                if (postgres) UpdatePostgres(connection, transaction, shape, batch);
                else UpdateSqlite(connection, transaction, shape, batch);
            }
            TableSeal.Write(connection, transaction, shape.Table, seal);
            counts.Add($"{TraceVerifier.TableName(shape.Table)}{seal.Count}行");
            total += seal.Count;
        }
        db.Settings.Add(new Setting { Key = SchemeSetting, Value = Scheme });
        if (total > 0)
            db.AuditEntries.Add(new AuditEntry
            {
                At = DateTime.UtcNow, Actor = "系统", Action = "升级", Entity = "行摘要",
                Summary = $"行摘要改为带密钥的摘要（HMAC-SHA256，密钥取自密钥文件），并为各表建立封印（行数与摘要之和）：{string.Join("、", counts)}",
            });
        db.SaveChanges();
        tx.Commit();
    }

    static void UpdateSqlite(DbConnection connection, DbTransaction transaction, RowDigest.Shape shape, List<(object?[] Key, byte[] Digest)> rows)
    {
        if (rows.Count == 0) return;
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = $"UPDATE \"{shape.Table}\" SET digest = @d WHERE " + string.Join(" AND ", shape.KeyColumns.Select((k, i) => $"\"{k.Column}\" = @k{i}"));
        var d = update.CreateParameter(); d.ParameterName = "@d"; update.Parameters.Add(d);
        var keys = shape.KeyColumns.Select((_, i) => { var p = update.CreateParameter(); p.ParameterName = "@k" + i; update.Parameters.Add(p); return p; }).ToArray();
        update.Prepare();
        foreach (var (key, digest) in rows)
        {
            d.Value = digest;
            for (var i = 0; i < keys.Length; i++) keys[i].Value = key[i];
            update.ExecuteNonQuery();
        }
    }

    // One statement per batch: a round trip per row would take minutes on a million-member town.
    static void UpdatePostgres(DbConnection connection, DbTransaction transaction, RowDigest.Shape shape, List<(object?[] Key, byte[] Digest)> rows)
    {
        if (rows.Count == 0) return;
        using var update = (Npgsql.NpgsqlCommand)connection.CreateCommand();
        update.Transaction = (Npgsql.NpgsqlTransaction)transaction;
        var columns = string.Join(", ", shape.KeyColumns.Select((_, i) => $"k{i}"));
        var arrays = string.Join(", ", shape.KeyColumns.Select((_, i) => $"@k{i}"));
        var match = string.Join(" AND ", shape.KeyColumns.Select((k, i) => $"t.\"{k.Column}\" = u.k{i}"));
        update.CommandText = $"UPDATE \"{shape.Table}\" t SET digest = u.d FROM unnest(@d, {arrays}) AS u(d, {columns}) WHERE {match}";
        update.Parameters.AddWithValue("d", rows.Select(r => r.Digest).ToArray());
        for (var i = 0; i < shape.KeyColumns.Count; i++)
            update.Parameters.AddWithValue("k" + i, rows.Select(r => Convert.ToInt64(r.Key[i], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        update.ExecuteNonQuery();
    }

    static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
