using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Integrity;

/// <summary>A move the rules refuse to this role (the web answers 403).</summary>
public sealed class AlertRefusedException(string message) : Exception(message);

/// <summary>A move with bad or missing input, or from a state that does not allow it (the web answers 400).</summary>
public sealed class AlertRejectedException(string message) : Exception(message);

/// <summary>
/// Working the alerts: stored alerts follow the recomputed checks (<see cref="Sync"/>), and each move (explain, confirm
/// with a correcting ledger entry, dismiss) is checked against the mover's role and written to the trace. Scope (which
/// households the mover may see) is the caller's to check first, so an alert out of scope is simply not found.
/// </summary>
public sealed class AlertHandler(Store store, string actor, Role role)
{
    /// <summary>The trace's name for an alert (a move's trace line, with the alert, changes no figure but the alerts').</summary>
    public const string Entity = "诚信预警";

    /// <summary>
    /// Brings the stored alerts of <paramref name="year"/> in line with a fresh report: new alerts open, alerts that still
    /// fire keep their state (with today's reason and evidence), alerts no longer raised stay on record but stop firing.
    /// Returns the stored record of every alert in the report, by identity.
    /// </summary>
    public static Dictionary<(string Code, string Kind, string Key), AlertRecord> Sync(QinglingDbContext db, int year, IntegrityReport report)
    {
        var now = DateTime.UtcNow;
        // Read untracked and attach only what changes: a county's alerts are tens of thousands, and an everyday run
        // changes none of them, so tracking them all cost more than the comparison (1.5 s at 250,000 households).
        // An alert this context already tracks is used as it is (attaching a second copy would fail).
        var tracked = db.ChangeTracker.Entries<AlertRecord>().Where(e => e.Entity.Id != 0).ToDictionary(e => e.Entity.Id, e => e.Entity);
        var stored = db.Alerts.AsNoTracking().Where(a => a.Year == year).AsEnumerable()
            .Select(a => tracked.GetValueOrDefault(a.Id) ?? a)
            .ToDictionary(a => (a.HouseholdCode, a.Kind, a.EvidenceKey));
        var fresh = report.Alerts.Where(a => !stored.ContainsKey((a.HouseholdCode, a.Kind, a.EvidenceKey))).Select(a => a.HouseholdCode).ToHashSet();
        var ids = HouseholdIds(db, fresh);
        var seen = new Dictionary<(string, string, string), AlertRecord>();
        foreach (var a in report.Alerts)
        {
            var key = (a.HouseholdCode, a.Kind, a.EvidenceKey);
            if (seen.ContainsKey(key) || !ids.TryGetValue(a.HouseholdCode, out var householdId) && !stored.ContainsKey(key)) continue;
            if (!stored.TryGetValue(key, out var r))
            {
                r = new AlertRecord
                {
                    HouseholdId = householdId, HouseholdCode = a.HouseholdCode, Year = year, Kind = a.Kind, EvidenceKey = a.EvidenceKey,
                    FirstSeenAt = now, Status = AlertStatus.Open,
                };
                db.Alerts.Add(r);
            }
            var changed = !r.Firing || r.Reason != a.Reason || r.Evidence != a.Evidence || r.Village != a.Village;
            // Seen-at is touched only when something else changed or once a day, so a page view does not rewrite every row.
            if ((changed || r.LastSeenAt.Date != now.Date) && db.Entry(r).State == EntityState.Detached) db.Alerts.Attach(r);
            if (changed) (r.Firing, r.Reason, r.Evidence, r.Village) = (true, a.Reason, a.Evidence, a.Village);
            if (r.LastSeenAt.Date != now.Date || changed) r.LastSeenAt = now;
            seen[key] = r;
        }
        foreach (var r in stored.Values.Where(r => r.Firing && !seen.ContainsKey((r.HouseholdCode, r.Kind, r.EvidenceKey))))
        {
            if (db.Entry(r).State == EntityState.Detached) db.Alerts.Attach(r);
            r.Firing = false;
        }
        db.SaveChanges();
        return seen;
    }

    /// <summary>The ids of the households with these codes (all households' when they are many: one scan beats a long IN list).</summary>
    static Dictionary<string, long> HouseholdIds(QinglingDbContext db, HashSet<string> codes)
    {
        if (codes.Count == 0) return [];
        var query = db.Households.AsNoTracking();
        if (codes.Count <= 500) query = query.Where(h => codes.Contains(h.Code));
        return query.Select(h => new { h.Id, h.Code }).AsEnumerable().ToDictionary(h => h.Code, h => h.Id);
    }

    /// <summary>
    /// The alerts nobody has cleared: those explained (the record shows why) or dismissed (the check was wrong here) are
    /// left out, so that a score or a board does not count them against a unit.
    /// </summary>
    public static IReadOnlyList<IntegrityAlert> NotCleared(QinglingDbContext db, int year, IEnumerable<IntegrityAlert> alerts)
    {
        var cleared = db.Alerts.AsNoTracking().Where(a => a.Year == year && (a.Status == AlertStatus.Explained || a.Status == AlertStatus.Dismissed))
            .Select(a => new { a.HouseholdCode, a.Kind, a.EvidenceKey }).AsEnumerable().Select(a => (a.HouseholdCode, a.Kind, a.EvidenceKey)).ToHashSet();
        return alerts.Where(a => !cleared.Contains((a.HouseholdCode, a.Kind, a.EvidenceKey))).ToList();
    }

    /// <summary>Open → explained: what on the ground explains the figures (a cadre of the village or a department).</summary>
    public AlertRecord Explain(long id, string evidence)
    {
        if (string.IsNullOrWhiteSpace(evidence)) throw new AlertRejectedException("请写明说明的依据（如务工证明、销售凭据、走访记录）");
        return Move(id, AlertStatus.Explained, evidence.Trim(), (_, _) => null);
    }

    /// <summary>Open → dismissed: the checks were wrong here (town administrator or auditor only).</summary>
    public AlertRecord Dismiss(long id, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new AlertRejectedException("请写明排除的理由");
        return Move(id, AlertStatus.Dismissed, reason.Trim(), (_, _) => null);
    }

    /// <summary>
    /// Open → confirmed: the paper income is taken out of the count. The named ledger entries of the household and year
    /// are marked not counted; when <paramref name="actual"/> is given, the income really earned is recorded in their
    /// place, with the same source so it counts the same way. The alert links the correcting entry.
    /// </summary>
    public AlertRecord Confirm(long id, IReadOnlyList<long> entryIds, decimal? actual, string note)
    {
        if (entryIds.Count == 0) throw new AlertRejectedException("请指定要更正的收入条目（条目编号）");
        if (actual is < 0) throw new AlertRejectedException("核实后的实际收入不能为负数");
        if (string.IsNullOrWhiteSpace(note)) throw new AlertRejectedException("请写明查实的情况");
        return Move(id, AlertStatus.Confirmed, note.Trim(), (db, alert) =>
        {
            var entries = db.IncomeEntries.Where(e => entryIds.Contains(e.Id)).OrderBy(e => e.Id).ToList();
            var missing = entryIds.Except(entries.Select(e => e.Id)).ToList();
            if (missing.Count > 0) throw new AlertRejectedException($"没有收入条目#{string.Join("、#", missing)}");
            var foreign = entries.Where(e => e.HouseholdId != alert.HouseholdId || e.Year != alert.Year).Select(e => e.Id).ToList();
            if (foreign.Count > 0) throw new AlertRejectedException($"收入条目#{string.Join("、#", foreign)}不是户{alert.HouseholdCode}{alert.Year}年的收入");
            var excluded = entries.Where(e => e.ExcludedReason is not null).Select(e => e.Id).ToList();
            if (excluded.Count > 0) throw new AlertRejectedException($"收入条目#{string.Join("、#", excluded)}已不计入纯收入");
            var before = AuditJson.Of(entries);
            foreach (var e in entries) e.ExcludedReason = $"数字增收：诚信预警#{alert.Id}查实（{note.Trim()}）";
            AuditLog.Add(db, actor, "修改", "收入", $"诚信预警#{alert.Id}查实：户{alert.HouseholdCode}{alert.Year}年{entries.Count}条收入不再计入纯收入（合计{Money.Show(entries.Sum(e => e.Amount))}元）",
                householdId: alert.HouseholdId, before: before, after: AuditJson.Of(entries));
            if (actual is not > 0) return entries[0];
            var first = entries[0];
            var replacement = new IncomeEntry
            {
                HouseholdId = alert.HouseholdId, Year = alert.Year, Month = first.Month, Category = first.Category, Subcategory = first.Subcategory,
                Amount = Money.Round(actual.Value), Source = first.Source, RecordedBy = actor, RecordedAt = DateTime.UtcNow,
                Note = $"{IntegrityQuery.AlertNote}{alert.Id}：查实后的实际收入（{note.Trim()}）",
            };
            db.IncomeEntries.Add(replacement);
            db.SaveChanges();
            AuditLog.Add(db, actor, "新增", "收入", $"诚信预警#{alert.Id}查实：户{alert.HouseholdCode}{alert.Year}年按实际记入{IncomeCategories.Name(replacement.Category)}{Money.Show(replacement.Amount)}元（条目#{replacement.Id}）",
                entityId: replacement.Id, householdId: alert.HouseholdId, after: AuditJson.Of([replacement]));
            return replacement;
        });
    }

    AlertRecord Move(long id, AlertStatus to, string note, Func<QinglingDbContext, AlertRecord, IncomeEntry?> correct)
    {
        if (AlertStatuses.Refusal(role, to) is { } refusal) throw new AlertRefusedException(refusal);
        using var db = store.CreateContext();
        using var tx = db.Database.BeginTransaction();
        var alert = db.Alerts.SingleOrDefault(a => a.Id == id) ?? throw new AlertRejectedException($"没有诚信预警#{id}");
        if (alert.Status != AlertStatus.Open)
            throw new AlertRejectedException($"诚信预警#{id}已是“{AlertStatuses.Name(alert.Status)}”（{alert.DecidedBy}），不能再改为“{AlertStatuses.Name(to)}”");
        var before = Snapshot(alert);
        // Claim the move first: of two people moving one alert at once, the second finds it no longer open.
        if (db.Alerts.Where(a => a.Id == id && a.Status == AlertStatus.Open).ExecuteUpdate(s => s.SetProperty(a => a.Status, to)) == 0)
            throw new AlertRejectedException($"诚信预警#{id}刚被他人处理，请刷新后再看");
        var entry = correct(db, alert);
        (alert.Status, alert.Note, alert.DecidedBy, alert.DecidedAt, alert.CorrectionEntryId) = (to, note, actor, DateTime.UtcNow, entry?.Id);
        AuditLog.Add(db, actor, "修改", Entity, $"诚信预警#{alert.Id}（户{alert.HouseholdCode}{alert.Year}年·{IntegrityKinds.Name(alert.Kind)}）：{AlertStatuses.Name(AlertStatus.Open)} → {AlertStatuses.Name(to)}：{note}",
            entityId: alert.Id, householdId: alert.HouseholdId, before: before, after: Snapshot(alert));
        db.SaveChanges();
        tx.Commit();
        return alert;
    }

    static string Snapshot(AlertRecord a) => AuditJson.Of(new
    {
        户编号 = a.HouseholdCode, 年度 = a.Year, 类型 = a.Kind, 依据键 = a.EvidenceKey.Length == 0 ? null : a.EvidenceKey,
        状态 = AlertStatuses.Name(a.Status), 说明 = a.Note, 处理人 = a.DecidedBy, 更正条目 = a.CorrectionEntryId,
    });
}
