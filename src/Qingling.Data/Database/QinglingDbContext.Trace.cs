using Microsoft.EntityFrameworkCore;
using Qingling.Data.Audit;

namespace Qingling.Data.Database;

/// <summary>
/// Every save stamps the digests of the ledger, register and measure rows it writes, and appends its trace entries to
/// the hash chain (in order, after the rows, in the same transaction) instead of letting EF insert them in its own order.
/// A save that changes data runs in a transaction (its own when none is open), whose commit bumps <see cref="DataVersion"/>.
/// </summary>
public partial class QinglingDbContext
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        // Before BeforeSave takes the trace entries out of the tracker: a view's trace line alone changes no data.
        // A save of sealed rows that changes no figure (an evidence photo) still goes through the seal.
        var change = DataVersion.Classify(ChangeTracker);
        var entries = BeforeSave(out var sealed_);
        if (entries.Count == 0 && change == DataChange.None && sealed_.Count == 0) return base.SaveChanges(acceptAllChangesOnSuccess);
        var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        try
        {
            if (change > ChangeInTransaction) ChangeInTransaction = change;
            var old = OldShares(sealed_);
            var written = base.SaveChanges(acceptAllChangesOnSuccess);
            Seal(sealed_, old);
            if (entries.Count > 0) TraceChain.Append(this, entries);
            own?.Commit();
            AfterSave(entries);
            return written + entries.Count;
        }
        catch
        {
            foreach (var e in entries) Entry(e).State = EntityState.Added;
            throw;
        }
        finally { own?.Dispose(); }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var change = DataVersion.Classify(ChangeTracker);
        var entries = BeforeSave(out var sealed_);
        if (entries.Count == 0 && change == DataChange.None && sealed_.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            if (change > ChangeInTransaction) ChangeInTransaction = change;
            var old = OldShares(sealed_);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            Seal(sealed_, old);
            if (entries.Count > 0) TraceChain.Append(this, entries);
            if (own is not null) await own.CommitAsync(cancellationToken);
            AfterSave(entries);
            return written + entries.Count;
        }
        catch
        {
            foreach (var e in entries) Entry(e).State = EntityState.Added;
            throw;
        }
        finally { if (own is not null) await own.DisposeAsync(); }
    }

    /// <summary>Stamps row digests and takes the new trace entries out of EF's hands, in the order they were added.</summary>
    List<AuditEntry> BeforeSave(out List<(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry Entry, RowDigest.Shape Shape, EntityState State)> sealed_)
    {
        ChangeTracker.DetectChanges();
        var entries = new List<AuditEntry>();
        sealed_ = [];
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEntry audit)
            {
                if (entry.State == EntityState.Added) entries.Add(audit);
                continue;
            }
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (RowDigest.For(entry.Metadata) is not { } shape) continue;
            sealed_.Add((entry, shape, entry.State));
            if (entry.State != EntityState.Deleted) entry.Property(RowDigest.Property).CurrentValue = RowDigest.Of(shape, RequireKey(), entry.Entity);
        }
        foreach (var e in entries) Entry(e).State = EntityState.Detached;
        return entries;
    }

    void AfterSave(List<AuditEntry> entries)
    {
        foreach (var e in entries) Attach(e);
    }
}
