using Microsoft.EntityFrameworkCore;
using Qingling.Data.Database;

namespace Qingling.Data.Audit;

/// <summary>What the verifier found: counts, the chain head, and the problems in order (the first one is the headline).</summary>
public sealed class TraceReport
{
    public long EntriesChecked { get; set; }
    public long RowsChecked { get; set; }
    public List<(string Table, long Rows)> RowsByTable { get; } = [];
    /// <summary>The last entry of the chain as the database holds it; null when the trace is empty.</summary>
    public (long Id, DateTime At, string Hash)? Head { get; set; }
    public List<string> EntryProblems { get; } = [];
    public List<string> RowProblems { get; } = [];
    public long EntryProblemCount { get; set; }
    public long RowProblemCount { get; set; }
    public bool Ok => EntryProblemCount == 0 && RowProblemCount == 0;

    /// <summary>Chinese summary lines: the verdict first, then the first problems.</summary>
    public IEnumerable<string> Lines(Func<DateTime, string> time)
    {
        var head = Head is { } h ? $"链头：第{h.Id}条（{time(h.At)}），哈希 {TraceHead.Prefix(h.Hash)}" : "链头：留痕为空";
        var tables = string.Join("、", RowsByTable.Select(t => $"{TraceVerifier.TableName(t.Table)}{t.Rows}行"));
        yield return Ok ? "校验通过：留痕未被改动，台账、登记和措施与摘要一致。" : "校验未通过：发现库外改动。";
        yield return $"核对留痕{EntriesChecked}条，数据{RowsChecked}行（{tables}）；{head}";
        if (EntryProblemCount > 0) yield return $"留痕问题{EntryProblemCount}处，第一处：{EntryProblems[0]}";
        foreach (var p in EntryProblems.Skip(1)) yield return "  " + p;
        if (RowProblemCount > 0) yield return $"数据问题{RowProblemCount}处，第一处：{RowProblems[0]}";
        foreach (var p in RowProblems.Skip(1)) yield return "  " + p;
    }
}

/// <summary>The chain head as printed on packs and copied elsewhere: entry id and the hash's first 16 hex digits.</summary>
public static class TraceHead
{
    public static string Prefix(string hash) => hash.Length > 16 ? hash[..16] : hash;

    /// <summary>The last chained entry, or null for an empty trace.</summary>
    public static (long Id, DateTime At, string Hash)? Read(QinglingDbContext db)
    {
        var last = db.AuditEntries.AsNoTracking().Where(a => a.Hash != null).OrderByDescending(a => a.Id)
            .Select(a => new { a.Id, a.At, a.Hash }).FirstOrDefault();
        return last is null ? null : (last.Id, last.At, last.Hash!);
    }

    /// <summary>
    /// The chain head a held review printed: the trace entry that recorded holding it (its hash covers every entry
    /// before), or null when the review was held before the chain existed and has no such entry.
    /// </summary>
    public static (long Id, DateTime At, string Hash)? OfReview(QinglingDbContext db, long reviewId)
    {
        var e = db.AuditEntries.AsNoTracking().Where(a => a.Entity == "研判" && a.Action == "新增" && a.EntityId == reviewId && a.Hash != null)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.At, a.Hash }).FirstOrDefault();
        return e is null ? null : (e.Id, e.At, e.Hash!);
    }

    public static string Describe((long Id, DateTime At, string Hash)? head) => head is { } h ? $"第{h.Id}条 · {Prefix(h.Hash)}" : "留痕为空";

    /// <summary>“第N条 · 前16位” for packs; “留痕为空” when there is nothing yet.</summary>
    public static string Describe(QinglingDbContext db) => Describe(Read(db));
}

/// <summary>
/// Recomputes the trace's hash chain and the digests of the ledger, register and measures. Finds an entry whose text
/// was changed, an entry deleted from the middle or the end, an entry inserted without the chain, and a row changed or
/// inserted outside the application — everything the dropped triggers no longer stop.
/// </summary>
public static class TraceVerifier
{
    const int Listed = 10;

    public static string TableName(string table) => table switch
    {
        "households" => "户",
        "members" => "成员",
        "income_entries" => "收入台账",
        "measures" => "帮扶措施",
        "measure_status_changes" => "措施状态变更",
        "evidence_photos" => "佐证照片",
        _ => table,
    };

    /// <param name="fromId">Start the chain at this entry (its stored previous hash is taken as given).</param>
    /// <param name="fromUtc">Start the chain at the first entry at or after this time.</param>
    public static TraceReport Verify(QinglingDbContext db, Func<DateTime, string> time, long? fromId = null, DateTime? fromUtc = null, CancellationToken cancel = default)
    {
        var report = new TraceReport();
        VerifyChain(db, report, time, fromId, fromUtc, cancel);
        VerifyRows(db, report, cancel);
        return report;
    }

    static void EntryProblem(TraceReport r, string problem)
    {
        if (r.EntryProblemCount++ < Listed) r.EntryProblems.Add(problem);
    }

    static void VerifyChain(QinglingDbContext db, TraceReport report, Func<DateTime, string> time, long? fromId, DateTime? fromUtc, CancellationToken cancel)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (fromId is { } id) query = query.Where(a => a.Id >= id);
        if (fromUtc is { } t) query = query.Where(a => a.At >= t);
        string? previous = null;
        long previousId = 0;
        AuditEntry? last = null;
        foreach (var e in query.OrderBy(a => a.Id))
        {
            cancel.ThrowIfCancellationRequested();
            report.EntriesChecked++;
            var where = $"第{e.Id}条（{time(e.At)}，{e.Actor}，{e.Action}{e.Entity}）";
            if (e.Hash is null)
            {
                EntryProblem(report, $"{where}没有哈希：不是由本系统追加的（库外插入）");
                continue;
            }
            // A partial check trusts the first entry's link to what went before; a full one starts from nothing.
            previous ??= fromId is null && fromUtc is null ? "" : e.PrevHash ?? "";
            if (!string.Equals(e.PrevHash ?? "", previous, StringComparison.Ordinal))
                EntryProblem(report, previousId == 0
                    ? $"{where}之前的条目缺失：它应接在哈希 {TraceHead.Prefix(e.PrevHash ?? "")} 之后，而它是第一条"
                    : $"{where}与上一条（第{previousId}条）接不上：两条之间有条目被删除，或上一条被改写");
            if (!string.Equals(TraceChain.Hash(e, e.PrevHash ?? ""), e.Hash, StringComparison.Ordinal))
                EntryProblem(report, $"{where}的内容被改动：哈希与内容不符（摘要：{e.Summary}）");
            previous = e.Hash;
            previousId = e.Id;
            last = e;
        }
        var head = db.Settings.AsNoTracking().FirstOrDefault(s => s.Key == TraceChain.HeadSetting)?.Value;
        if (last is not null)
        {
            report.Head = (last.Id, last.At, last.Hash!);
            if (head is null) EntryProblem(report, "缺少链头记录（settings 中的 trace_head）：被删除");
            else if (head != $"{last.Id}:{last.Hash}")
            {
                var recorded = head.Split(':');
                EntryProblem(report, $"链头记录为第{recorded[0]}条（{TraceHead.Prefix(recorded.ElementAtOrDefault(1) ?? "")}），而最后一条是第{last.Id}条：链尾的条目被删除，或链头被改动");
            }
        }
        else if (head is not null && fromId is null && fromUtc is null)
        {
            EntryProblem(report, $"留痕为空，而链头记录为第{head.Split(':')[0]}条：条目被全部删除");
        }
    }

    const int Chunk = 4096;

    // Reading (EF materialising rows) and hashing run on two threads: on a million-member town each is about half the work.
    static void VerifyRows(QinglingDbContext db, TraceReport report, CancellationToken cancel)
    {
        foreach (var type in db.Model.GetEntityTypes().OrderBy(t => t.GetTableName(), StringComparer.Ordinal))
        {
            if (RowDigest.For(type) is not { } shape) continue;
            long rows = 0;
            using var chunks = new System.Collections.Concurrent.BlockingCollection<List<object>>(boundedCapacity: 8);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var hashing = Task.Run(() =>
            {
                foreach (var chunk in chunks.GetConsumingEnumerable())
                    foreach (var row in chunk)
                    {
                        if (RowDigest.Mismatch(shape, row, out var missing) is not { } fields) continue;
                        var where = $"{TableName(shape.Table)}（{shape.Table}）id={shape.Key(row)}";
                        var problem = missing ? $"{where}没有摘要：不是由本系统写入的（库外插入）"
                            : fields.Count > 0 ? $"{where}的字段 {string.Join("、", fields)} 被库外改动：与摘要不符"
                            : $"{where}被库外改动：与摘要不符";
                        if (report.RowProblemCount++ < Listed) report.RowProblems.Add(problem);
                    }
            }, cancel);
            // A failed hashing thread must not leave the reader waiting on a full queue.
            _ = hashing.ContinueWith(_ => stop.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            try
            {
                var current = new List<object>(Chunk);
                foreach (var row in TraceChain.Rows(db, type.ClrType))
                {
                    rows++;
                    current.Add(row);
                    if (current.Count < Chunk) continue;
                    chunks.Add(current, stop.Token);
                    current = new List<object>(Chunk);
                }
                chunks.Add(current, stop.Token);
            }
            catch (OperationCanceledException) when (hashing.IsFaulted) { }
            finally { chunks.CompleteAdding(); }
            hashing.GetAwaiter().GetResult();
            report.RowsChecked += rows;
            report.RowsByTable.Add((shape.Table, rows));
        }
    }
}
