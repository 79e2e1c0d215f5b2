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
        var changesData = DataVersion.ChangesData(ChangeTracker);
        var entries = BeforeSave();
        if (entries.Count == 0 && !changesData) return base.SaveChanges(acceptAllChangesOnSuccess);
        var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        try
        {
            if (changesData) DataChangedInTransaction = true;
            var written = base.SaveChanges(acceptAllChangesOnSuccess);
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
        var changesData = DataVersion.ChangesData(ChangeTracker);
        var entries = BeforeSave();
        if (entries.Count == 0 && !changesData) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            if (changesData) DataChangedInTransaction = true;
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
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
    List<AuditEntry> BeforeSave()
    {
        ChangeTracker.DetectChanges();
        var entries = new List<AuditEntry>();
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEntry audit)
            {
                if (entry.State == EntityState.Added) entries.Add(audit);
                continue;
            }
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            if (RowDigest.For(entry.Metadata) is { } shape) entry.Property(RowDigest.Property).CurrentValue = RowDigest.Of(shape, entry.Entity);
        }
        foreach (var e in entries) Entry(e).State = EntityState.Detached;
        return entries;
    }

    void AfterSave(List<AuditEntry> entries)
    {
        foreach (var e in entries) Attach(e);
    }
}
