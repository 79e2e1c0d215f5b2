using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Qingling.Data.Audit;

namespace Qingling.Data.Database;

/// <summary>The MAC key of row digests, and the seal changes of the open transaction (written at its commit).</summary>
public partial class QinglingDbContext
{
    /// <summary>The database's MAC key (<see cref="DigestKeys"/>); null when it was not opened with its key file.</summary>
    public byte[]? DigestKey { get; set; }

    internal Dictionary<string, TableSeal.Value> PendingSeals { get; } = new(StringComparer.Ordinal);

    internal byte[] RequireKey() => DigestKey
        ?? throw new InvalidOperationException("数据库未用密钥文件打开，无法写入行摘要：请经 Store.Open（--key-file）打开。");

    /// <summary>
    /// Before the save: the shares that changed and deleted rows have in the seal now, from the digest the database holds
    /// (read in this transaction, so a concurrent change cannot make it stale).
    /// </summary>
    List<UInt128?> OldShares(List<(EntityEntry Entry, RowDigest.Shape Shape, EntityState State)> rows)
    {
        var old = new List<UInt128?>(rows.Count);
        foreach (var (entry, shape, state) in rows)
        {
            if (state == EntityState.Added) { old.Add(null); continue; }
            var keyValues = shape.KeyColumns.Select(k => entry.Property(k.Property.Name).OriginalValue).ToArray();
            var stored = TableSeal.StoredDigest(this, shape, keyValues);
            old.Add(stored is null ? null : RowDigest.SealShare(RequireKey(), shape.Table, shape.KeyText(keyValues), stored));
        }
        return old;
    }

    /// <summary>After the save (generated keys known): the changes to each table's seal, pending until commit.</summary>
    void Seal(List<(EntityEntry Entry, RowDigest.Shape Shape, EntityState State)> rows, List<UInt128?> old)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            var (entry, shape, state) = rows[i];
            TableSeal.Value delta = default;
            if (old[i] is { } was) delta = delta.Remove(was);
            else if (state == EntityState.Deleted) delta = new TableSeal.Value(-1, 0);
            if (state != EntityState.Deleted)
            {
                var digest = shape.Stored(entry.Entity)!;
                delta = delta.Add(RowDigest.SealShare(RequireKey(), shape.Table, shape.KeyText(entry.Entity), digest));
                // A change keeps the count: take back the row the removal above counted out.
                if (state == EntityState.Modified && old[i] is null) delta = delta with { Count = delta.Count - 1 };
            }
            TableSeal.Pending(this, shape.Table, delta);
        }
    }
}
