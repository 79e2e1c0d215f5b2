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
    /// <summary>
    /// On PostgreSQL, a save that writes ledger lines or year members locks their kept sums' rows (<see cref="KeptSums"/>)
    /// and then, appending to the trace, takes the trace's lock; a transaction of several saves takes them the other way
    /// round (the trace's lock at its first save, a kept sum at its next), and two such could wait on each other. So
    /// such a save takes the trace's lock first, after the tables' own lock (an import holds those from its start and the
    /// trace's lock only at its end, so the tables come first).
    /// </summary>
    void LockBeforeKeptSums()
    {
        if (Database.IsSqlite()) return;
        var tables = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity switch { Core.Income.IncomeEntry => "income_entries", Core.Households.MemberYearFacts => "member_years", _ => null })
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        if (tables.Count == 0) return;
        // Table names from the two literals above, the key a constant.
        var locks = "LOCK TABLE " + string.Join(", ", tables) + " IN ROW EXCLUSIVE MODE; SELECT pg_advisory_xact_lock(" + TraceChain.LockKey + ")";
        Database.ExecuteSqlRaw(locks);
    }

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
            LockBeforeKeptSums();
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
            LockBeforeKeptSums();
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
