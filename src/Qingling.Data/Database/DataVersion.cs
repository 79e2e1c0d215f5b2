using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Qingling.Data.Audit;

namespace Qingling.Data.Database;

/// <summary>
/// One row counting the changes to the data figures are computed from. Every transaction that changes data bumps
/// it as its last statement before commit, so the count grows in commit order even on PostgreSQL with concurrent
/// writers (the row lock serialises the bumps; a sequence's ids would not: a later id can commit first). Whatever is
/// derived from the data and stamped with a count read before it was derived is never older than that count.
/// </summary>
public class DataVersion
{
    public const int RowId = 1;
    public int Id { get; set; }
    public long Value { get; set; }

    /// <summary>The count now (read it before reading what is derived from it).</summary>
    public static long Current(QinglingDbContext db) =>
        db.DataVersions.AsNoTracking().Where(v => v.Id == RowId).Select(v => v.Value).FirstOrDefault();

    internal const string BumpSql = "UPDATE data_versions SET value = value + 1 WHERE id = 1";

    /// <summary>
    /// Whether saving these changes changes data: anything but accounts (sign-in counters, stamps, and their trace lines)
    /// and trace lines that only record a reading (a view of ID numbers, an export, a search by ID number).
    /// </summary>
    internal static bool ChangesData(ChangeTracker tracker) => tracker.Entries().Any(e =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && e.Entity is not Qingling.Core.Users.User and not DataVersion and not Qingling.Core.Photos.EvidencePhoto // photos change no figure
            and not Regions.PublishedVillage and not Regions.PublishedCounty // derived from the data, rewritten after it changes
        && !(e.Entity is AuditEntry a && (AuditLog.IsReading(a.Action) || a.Entity is "用户" or Photos.EvidenceHandler.Entity))
        && !OnlySeenAgain(e));

    /// <summary>
    /// An alert whose only change is the day it was last seen (the checks touch it once a day, <see cref="Integrity.AlertHandler.Sync"/>):
    /// no figure reads that stamp, and counting it a change made the first integrity view of every day derive every page again.
    /// </summary>
    static bool OnlySeenAgain(EntityEntry e) => e is { Entity: Qingling.Core.Integrity.AlertRecord, State: EntityState.Modified }
        && e.Properties.All(p => !p.IsModified || p.Metadata.Name is nameof(Qingling.Core.Integrity.AlertRecord.LastSeenAt) or Audit.RowDigest.Property);
}

/// <summary>Bumps <see cref="DataVersion"/> as the last statement of every committed transaction that changed data.</summary>
sealed class DataVersionInterceptor : DbTransactionInterceptor
{
    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Bump(transaction, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Bump(transaction, eventData);
        return await ValueTask.FromResult(result);
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is QinglingDbContext db) db.DataChangedInTransaction = false;
    }

    static void Bump(DbTransaction transaction, TransactionEventData eventData)
    {
        if (eventData.Context is not QinglingDbContext { DataChangedInTransaction: true } db) return;
        db.DataChangedInTransaction = false;
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = DataVersion.BumpSql;
        command.ExecuteNonQuery();
    }
}
