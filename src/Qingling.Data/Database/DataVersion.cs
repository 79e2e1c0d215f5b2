using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Qingling.Data.Audit;

namespace Qingling.Data.Database;

/// <summary>
/// Two rows counting the changes to the data. Row 1 counts every change; row 2 (<see cref="FiguresRowId"/>) only those
/// that can move a figure other than the integrity alerts: the checks' own findings (new alerts, alerts that stop firing)
/// and moves of alerts that touch no income are written after the figures were derived from the very same data, and
/// counting them made every page derive its figures twice after each change (20–25 s each at 250,000 households).
/// Every transaction that changes data bumps them as its last statements before commit, so each count grows in commit
/// order even on PostgreSQL with concurrent writers (the row lock serialises the bumps; a sequence's ids would not: a
/// later id can commit first). Whatever is derived from the data and stamped with a count read before it was derived is
/// never older than that count; what reads no alert may be stamped with the figures' count.
/// </summary>
public class DataVersion
{
    public const int RowId = 1;
    /// <summary>The figures' row: not seeded (older databases lack it), written by its first bump; absent reads as 0.</summary>
    public const int FiguresRowId = 2;
    public int Id { get; set; }
    public long Value { get; set; }

    /// <summary>The count of every change now (read it before reading what is derived from it).</summary>
    public static long Current(QinglingDbContext db) =>
        db.DataVersions.AsNoTracking().Where(v => v.Id == RowId).Select(v => v.Value).FirstOrDefault();

    /// <summary>
    /// The count of changes that can move a figure other than the alerts: stamp with it only what reads no alert
    /// (the plan's data and indicators, the integrity checks' own report).
    /// </summary>
    public static long Figures(QinglingDbContext db) =>
        db.DataVersions.AsNoTracking().Where(v => v.Id == FiguresRowId).Select(v => v.Value).FirstOrDefault();

    /// <summary>Both counts, read in one statement (one snapshot).</summary>
    public static (long Data, long Figures) Both(QinglingDbContext db)
    {
        var rows = db.DataVersions.AsNoTracking().Where(v => v.Id == RowId || v.Id == FiguresRowId).Select(v => new { v.Id, v.Value }).ToList();
        return (rows.FirstOrDefault(r => r.Id == RowId)?.Value ?? 0, rows.FirstOrDefault(r => r.Id == FiguresRowId)?.Value ?? 0);
    }

    internal const string BumpSql = "UPDATE data_versions SET value = value + 1 WHERE id = 1";

    /// <summary>Same syntax on SQLite (3.24+) and PostgreSQL: the row is created by its first bump.</summary>
    internal const string BumpFiguresSql =
        "INSERT INTO data_versions (id, value) VALUES (2, 1) ON CONFLICT (id) DO UPDATE SET value = data_versions.value + 1";

    /// <summary>
    /// What saving these changes changes: nothing for accounts (sign-in counters, stamps, and their trace lines) and
    /// trace lines that only record a reading (a view of ID numbers, an export, a search by ID number); only the alerts
    /// when every change is an alert or the trace line of an alert's move; else the figures.
    /// </summary>
    internal static DataChange Classify(ChangeTracker tracker)
    {
        var change = DataChange.None;
        foreach (var e in tracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || e.Entity is Qingling.Core.Users.User or DataVersion or Qingling.Core.Photos.EvidencePhoto // photos change no figure
                    or Regions.PublishedVillage or Regions.PublishedCounty // derived from the data, rewritten after it changes
                || e.Entity is AuditEntry a && (AuditLog.IsReading(a.Action) || a.Entity is "用户" or Photos.EvidenceHandler.Entity)
                || OnlySeenAgain(e)) continue;
            if (e.Entity is not (Qingling.Core.Integrity.AlertRecord or AuditEntry { Entity: Integrity.AlertHandler.Entity })) return DataChange.Figures;
            change = DataChange.AlertsOnly;
        }
        return change;
    }

    /// <summary>
    /// An alert whose only change is the day it was last seen (the checks touch it once a day, <see cref="Integrity.AlertHandler.Sync"/>):
    /// no figure reads that stamp, and counting it a change made the first integrity view of every day derive every page again.
    /// </summary>
    static bool OnlySeenAgain(EntityEntry e) => e is { Entity: Qingling.Core.Integrity.AlertRecord, State: EntityState.Modified }
        && e.Properties.All(p => !p.IsModified || p.Metadata.Name is nameof(Qingling.Core.Integrity.AlertRecord.LastSeenAt) or Audit.RowDigest.Property);
}

/// <summary>What a save or a transaction changed, in increasing order: the larger of two is what both changed.</summary>
enum DataChange { None, AlertsOnly, Figures }

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
        if (eventData.Context is QinglingDbContext db) db.ChangeInTransaction = DataChange.None;
    }

    static void Bump(DbTransaction transaction, TransactionEventData eventData)
    {
        if (eventData.Context is not QinglingDbContext db || db.ChangeInTransaction == DataChange.None) return;
        var change = db.ChangeInTransaction;
        db.ChangeInTransaction = DataChange.None;
        // The figures' row first, every change's row last: both are bumped in the same order by every writer.
        if (change == DataChange.Figures) Execute(transaction, DataVersion.BumpFiguresSql);
        Execute(transaction, DataVersion.BumpSql);
    }

    static void Execute(DbTransaction transaction, string sql)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
