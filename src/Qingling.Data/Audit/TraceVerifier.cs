using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
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
    /// <summary>Evidence photo files checked (original and thumbnail each), or null when the folder was not given.</summary>
    public long? FilesChecked { get; set; }
    /// <summary>Whether PostgreSQL's kept sums were compared with their rows (SQLite keeps none).</summary>
    public bool KeptSumsChecked { get; set; }
    public List<string> FileProblems { get; } = [];
    public long FileProblemCount { get; set; }
    public bool Ok => EntryProblemCount == 0 && RowProblemCount == 0 && FileProblemCount == 0;

    /// <summary>Chinese summary lines: the verdict first, then the first problems.</summary>
    public IEnumerable<string> Lines(Func<DateTime, string> time)
    {
        var head = Head is { } h ? $"链头：第{h.Id}条（{time(h.At)}），哈希 {TraceHead.Prefix(h.Hash)}" : "链头：留痕为空";
        var tables = string.Join("、", RowsByTable.Select(t => $"{TraceVerifier.TableName(t.Table)}{t.Rows}行"));
        yield return Ok ? $"校验通过：留痕未被改动，台账、登记、年度信息、措施、一户一策、走访、研判和任务与摘要及封印一致{(KeptSumsChecked ? "，收入与成员汇总与明细相符" : "")}{(FilesChecked is null ? "" : "，佐证照片文件齐全且未被改动")}。" : "校验未通过：发现库外改动。";
        yield return $"核对留痕{EntriesChecked}条，数据{RowsChecked}行（{tables}）{(FilesChecked is { } files ? $"，佐证照片文件{files}个" : "")}；{head}";
        if (EntryProblemCount > 0) yield return $"留痕问题{EntryProblemCount}处，第一处：{EntryProblems[0]}";
        foreach (var p in EntryProblems.Skip(1)) yield return "  " + p;
        if (RowProblemCount > 0) yield return $"数据问题{RowProblemCount}处，第一处：{RowProblems[0]}";
        foreach (var p in RowProblems.Skip(1)) yield return "  " + p;
        if (FileProblemCount > 0) yield return $"佐证照片文件问题{FileProblemCount}处，第一处：{FileProblems[0]}";
        foreach (var p in FileProblems.Skip(1)) yield return "  " + p;
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
        "household_years" => "户年度信息",
        "member_years" => "成员年度信息",
        "household_plans" => "一户一策",
        "visits" => "走访",
        "reviews" => "研判",
        "tasks" => "跟进任务",
        _ => table,
    };

    /// <param name="fromId">Start the chain at this entry (its stored previous hash is taken as given).</param>
    /// <param name="fromUtc">Start the chain at the first entry at or after this time.</param>
    /// <param name="photos">
    /// The evidence photo folder: each photo row's original and thumbnail must be there, with the bytes its name (their
    /// SHA-256) says. The files live outside the database, so neither the chain nor the digests see one deleted or
    /// replaced by hand; without the folder they are not checked.
    /// </param>
    public static TraceReport Verify(QinglingDbContext db, Func<DateTime, string> time, long? fromId = null, DateTime? fromUtc = null, CancellationToken cancel = default,
        Photos.EvidenceFiles? photos = null)
    {
        var report = new TraceReport();
        VerifyChain(db, report, time, fromId, fromUtc, cancel);
        VerifyRows(db, report, cancel);
        VerifyKeptSums(db, report, cancel);
        if (photos is not null) VerifyFiles(db, report, photos, cancel);
        return report;
    }

    /// <summary>
    /// On PostgreSQL, the sums the figures read (<see cref="KeptSums"/>) against the rows they sum: a trigger disabled, or
    /// a kept sum written by hand, would move every figure while each ledger line still matches its digest.
    /// </summary>
    static void VerifyKeptSums(QinglingDbContext db, TraceReport report, CancellationToken cancel)
    {
        if (db.Database.IsSqlite()) return;
        cancel.ThrowIfCancellationRequested();
        var (count, first) = KeptSums.Drift(db, Listed);
        var codes = db.Households.AsNoTracking().Where(h => first.Select(d => d.HouseholdId).Contains(h.Id)).ToDictionary(h => h.Id, h => h.Code);
        foreach (var d in first.TakeWhile(_ => report.RowProblems.Count < Listed))
            report.RowProblems.Add($"{(d.Kept == "ledger_sums" ? "收入汇总" : "成员汇总")}（{d.Kept}）中户{codes.GetValueOrDefault(d.HouseholdId, $"#{d.HouseholdId}")}{d.Year}年的数与明细不符：汇总被库外改动，或其触发器被停用");
        report.RowProblemCount += count;
        report.KeptSumsChecked = true;
    }

    static void VerifyFiles(QinglingDbContext db, TraceReport report, Photos.EvidenceFiles photos, CancellationToken cancel)
    {
        report.FilesChecked = 0;
        var rows = db.EvidencePhotos.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.HouseholdId, p.Sha256, p.ThumbSha256 }).ToList();
        var codes = db.Households.AsNoTracking().Where(h => rows.Select(r => r.HouseholdId).Contains(h.Id)).ToDictionary(h => h.Id, h => h.Code);
        foreach (var row in rows)
        {
            cancel.ThrowIfCancellationRequested();
            foreach (var (hash, what) in new[] { (row.Sha256, "原图"), (row.ThumbSha256, "缩略图") })
            {
                report.FilesChecked++;
                var bytes = photos.Read(hash);
                var problem = bytes is null ? "文件缺失" : Photos.EvidenceFiles.Hash(bytes) != hash ? "文件内容与其哈希不符（被替换或改动）" : null;
                if (problem is null) continue;
                if (report.FileProblemCount++ < Listed)
                    report.FileProblems.Add($"佐证照片id={row.Id}（户{codes.GetValueOrDefault(row.HouseholdId, $"#{row.HouseholdId}")}）的{what}{problem}：{photos.PathOf(hash)}");
            }
        }
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

    /// <summary>What one table's pass found: its rows, its problems in the order read, and how many.</summary>
    sealed class TableResult
    {
        public long Rows;
        public long ProblemCount;
        public List<string> Problems { get; } = [];
        public void Problem(string p)
        {
            if (ProblemCount++ < Listed) Problems.Add(p);
        }
    }

    // The tables are read in parallel, each on its own connection in one snapshot (its rows and its seal agree), with
    // a raw reader: no EF materialisation, one pass, values converted by the model's own converters.
    static void VerifyRows(QinglingDbContext db, TraceReport report, CancellationToken cancel)
    {
        var key = db.RequireKey();
        var postgres = !db.Database.IsSqlite();
        var connectionString = db.Database.GetConnectionString()!;
        var shapes = db.Model.GetEntityTypes().Select(RowDigest.For).OfType<RowDigest.Shape>()
            .OrderBy(s => s.Table, StringComparer.Ordinal).ToList();
        var results = new TableResult[shapes.Count];
        var scheme = db.Settings.AsNoTracking().FirstOrDefault(s => s.Key == DigestUpgrade.SchemeSetting)?.Value;
        Parallel.For(0, shapes.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancel },
            i => results[i] = VerifyTable(shapes[i], key, postgres, connectionString, cancel));
        if (scheme != DigestUpgrade.Scheme)
            if (report.RowProblemCount++ < Listed) report.RowProblems.Add($"缺少摘要方案记录（settings 中的 {DigestUpgrade.SchemeSetting}）：被删除或改动");
        for (var i = 0; i < shapes.Count; i++)
        {
            var r = results[i];
            report.RowsChecked += r.Rows;
            report.RowsByTable.Add((shapes[i].Table, r.Rows));
            foreach (var p in r.Problems)
                if (report.RowProblems.Count < Listed) report.RowProblems.Add(p);
            report.RowProblemCount += r.ProblemCount;
        }
    }

    static DbConnection Connect(bool postgres, string connectionString) =>
        postgres ? new Npgsql.NpgsqlConnection(connectionString) : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);

    static TableResult VerifyTable(RowDigest.Shape shape, byte[] key, bool postgres, string connectionString, CancellationToken cancel)
    {
        var result = new TableResult();
        var name = $"{TableName(shape.Table)}（{shape.Table}）";
        using var connection = Connect(postgres, connectionString);
        connection.Open();
        // One snapshot for the rows and the seal; SQLite's deferred BEGIN takes no write lock, so writers go on.
        using var transaction = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: true)
            : connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var keyColumns = shape.KeyColumns.Count;
        var read = shape.KeyColumns.Select(k => Reader(k.Property)).Concat(shape.Properties.Select(Reader)).ToArray();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {string.Join(", ", shape.KeyColumns.Select(k => $"\"{k.Column}\"").Concat(shape.Columns.Select(c => $"\"{c.Column}\"")))}, digest FROM \"{shape.Table}\"";
        TableSeal.Value seal = default;
        // Reading and hashing overlap: one thread steps through the rows while this one hashes those already read. A
        // million-member town's ledger is half the rows of all tables, and alone it set the time of the whole check.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var batches = new System.Collections.Concurrent.BlockingCollection<Row[]>(boundedCapacity: 8);
        var producer = Task.Run(() =>
        {
            try
            {
                using var reader = command.ExecuteReader();
                var digestAt = keyColumns + shape.Columns.Count;
                var batch = new List<Row>(RowsPerBatch);
                while (reader.Read())
                {
                    var keyValues = new object?[keyColumns];
                    var values = new object?[shape.Columns.Count];
                    for (var i = 0; i < keyColumns; i++) keyValues[i] = read[i](reader, i);
                    for (var i = 0; i < values.Length; i++) values[i] = read[keyColumns + i](reader, keyColumns + i);
                    batch.Add(new Row(keyValues, values, reader.IsDBNull(digestAt) ? null : reader.GetFieldValue<byte[]>(digestAt)));
                    if (batch.Count < RowsPerBatch) continue;
                    batches.Add([.. batch], stop.Token);
                    batch.Clear();
                }
                if (batch.Count > 0) batches.Add([.. batch], stop.Token);
            }
            finally
            {
                batches.CompleteAdding();
            }
        }, stop.Token);
        var consumed = false;
        try
        {
            foreach (var batch in batches.GetConsumingEnumerable(stop.Token))
                foreach (var row in batch)
                {
                    result.Rows++;
                    var keyText = shape.KeyText(row.Key);
                    if (row.Stored is not { } stored)
                    {
                        result.Problem($"{name}{shape.Where(keyText)}没有摘要：不是由本系统写入的（库外插入）");
                        continue;
                    }
                    seal = seal.Add(RowDigest.SealShare(key, shape.Table, keyText, stored));
                    if (RowDigest.Mismatch(shape, stored, RowDigest.Of(shape, key, row.Values)) is not { } fields) continue;
                    result.Problem(fields.Count > 0 ? $"{name}{shape.Where(keyText)}的字段 {string.Join("、", fields)} 被库外改动：与摘要不符"
                        : $"{name}{shape.Where(keyText)}被库外改动：与摘要不符");
                }
            consumed = true;
        }
        finally
        {
            stop.Cancel();
            // A reading error surfaces here once every row read was hashed; when hashing stopped first (cancelled), its
            // own exception is already on its way and the reader's cancellation is not news.
            if (consumed) producer.GetAwaiter().GetResult();
            else try { producer.Wait(CancellationToken.None); } catch (AggregateException) { }
        }
        var recorded = TableSeal.Read(connection, transaction, shape.Table);
        if (recorded is not { } expected) result.Problem($"{name}缺少封印（settings 中的 {TableSeal.Setting(shape.Table)}）：被删除或改动");
        else if (expected.Count != seal.Count || expected.Sum != seal.Sum)
        {
            var what = expected.Count > seal.Count ? $"少了{expected.Count - seal.Count}行：有行在库外被删除"
                : expected.Count < seal.Count ? $"多了{seal.Count - expected.Count}行：有行在库外插入"
                : "行数相符而摘要之和不符：有行在库外被删除并插入了别的行，或封印被改动";
            var gaps = expected.Count > seal.Count && keyColumns == 1 ? Gaps(connection, transaction, shape, expected.Count - seal.Count) : "";
            result.Problem($"{name}与封印不符（封印记{expected.Count}行，实有{seal.Count}行），{what}{gaps}");
        }
        transaction.Commit();
        return result;
    }

    const int RowsPerBatch = 1024;

    sealed record Row(object?[] Key, object?[] Values, byte[]? Stored);

    /// <summary>
    /// The holes in a generated id's sequence, when there are few: the deleted rows are among them (the application
    /// leaves holes too, when it deletes a row or a transaction rolls back, so these are candidates).
    /// </summary>
    static string Gaps(DbConnection connection, DbTransaction transaction, RowDigest.Shape shape, long missing)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT \"{shape.KeyColumns[0].Column}\" FROM \"{shape.Table}\" ORDER BY 1";
        var holes = new List<long>();
        long previous = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read() && holes.Count <= Listed)
        {
            var id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            for (var h = previous + 1; h < id && holes.Count <= Listed; h++) holes.Add(h);
            previous = id;
        }
        if (holes.Count == 0 || holes.Count > Math.Max(missing, Listed)) return "";
        return $"；编号空缺（被删除的行在其中）：{shape.KeyColumns[0].Column}={string.Join("、", holes)}";
    }

    /// <summary>Reads a column as EF would give it to the entity: the provider's type, then the model's converter.</summary>
    static Func<DbDataReader, int, object?> Reader(IProperty property)
    {
        var mapping = property.GetTypeMapping();
        var converter = mapping.Converter;
        var provider = converter?.ProviderClrType ?? property.ClrType;
        provider = Nullable.GetUnderlyingType(provider) ?? provider;
        var get = (Func<DbDataReader, int, object?>)typeof(TraceVerifier).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(provider).CreateDelegate(typeof(Func<DbDataReader, int, object?>));
        if (converter is null) return get;
        var from = converter.ConvertFromProvider;
        return (r, i) => get(r, i) is { } v ? from(v) : null;
    }

    static object? Typed<T>(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
