using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Import;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Import;

/// <param name="YearHint">Where the user gives the year when the file has none (the CLI's --year by default).</param>
/// <param name="DryRun">Check and apply the whole file inside a transaction that is then rolled back: the result carries the preview, the database is untouched.</param>
public sealed record ImportOptions(int? Year = null, string? Encoding = null, string Actor = "system", int MaxWorkingAge = ImportChecks.DefaultMaxWorkingAge, bool DryRun = false,
    string? YearHint = null);

/// <summary>Previewed: a dry run of a file that would change the register (nothing was written).</summary>
public enum ImportOutcome { Imported, Unchanged, Refused, Previewed }

public sealed record ImportResult(string File, ImportOutcome Outcome, ProblemList Problems, ImportBatch? Batch, int Rows, TimeSpan Elapsed, ImportPreview? Preview = null);

/// <summary>
/// Imports a national-system export, all or nothing. One thread reads and checks the rows (and encrypts
/// the ID numbers); the calling thread writes them, inside one transaction, as the difference against
/// what the register already holds. If any check fails, at any row or at the end, the transaction is
/// rolled back: the database is as it was, and the problems are listed.
/// </summary>
public sealed class ImportHandler(Store store)
{
    const int ChunkRows = 1_000;

    /// <summary>Progress: stage name and fraction done.</summary>
    public Action<string, double>? Progress { get; init; }

    sealed record Prepared(ExportRow Row, byte[] IdHash, byte[] IdCipher);

    public ImportResult Run(string path, ImportOptions options)
    {
        var clock = Stopwatch.StartNew();
        var file = Path.GetFileName(path);
        var problems = new ProblemList();
        ImportResult Refused(ProblemList p, int rows) => new(file, ImportOutcome.Refused, p, null, rows, clock.Elapsed);

        if (!File.Exists(path))
        {
            problems.Add(new ImportProblem(file, 0, "", "", "文件不存在"));
            return Refused(problems, 0);
        }
        try
        {
            using var reader = ExportFile.Open(path, options.Encoding);
            var header = FindHeader(reader);
            if (header is null)
            {
                problems.Add(new ImportProblem(file, 0, "", "", $"前{ExportHeader.SearchRows}行中找不到表头行（应含“户编号”“姓名”“证件号码”等列）"));
                return Refused(problems, 0);
            }
            var checks = ImportChecks.Now();
            var validator = new ImportValidator(file, header, options.Year, checks with { MaxWorkingAge = options.MaxWorkingAge, YearHint = options.YearHint ?? checks.YearHint });
            if (validator.Problems.HasErrors) return Refused(validator.Problems, 0);

            var sha = Task.Run(() => Sha256(path));
            var (outcome, batch, preview) = CheckAndWrite(reader, file, new FileInfo(path).Length, validator, sha, options);
            if (outcome == ImportOutcome.Imported && Publish() is { } notPublished)
                validator.Problems.Add(new ImportProblem(file, 0, "", "", notPublished, ProblemSeverity.Warning));
            return outcome == ImportOutcome.Refused
                ? Refused(validator.Problems, validator.Rows)
                : new ImportResult(file, outcome, validator.Problems, batch, validator.Rows, clock.Elapsed, preview);
        }
        catch (Exception e) when (Unwrap(e) is ImportFileException refused)
        {
            problems.Add(new ImportProblem(file, refused.Row, refused.Column, "", refused.Message));
            return Refused(problems, 0);
        }
        catch (Exception e) when (Unwrap(e) is InvalidDataException or IOException or System.Xml.XmlException or Sylvan.Data.Csv.CsvFormatException or DecoderFallbackException)
        {
            problems.Add(new ImportProblem(file, 0, "", "", "文件无法读取：" + Unwrap(e).Message));
            return Refused(problems, 0);
        }
    }

    /// <summary>
    /// A county under a province brings the figures it publishes in line with the import it just committed. The import
    /// stands whatever happens here: a failed recount is a warning (the web app or `qingling publish` recounts later).
    /// </summary>
    string? Publish()
    {
        try
        {
            using var db = store.CreateContext();
            if (Regions.PublishedFigures.IsPublishing(db)) Regions.PublishedFigures.Refresh(db);
            return null;
        }
        // Whatever it is (the recount derives and scores every plan too): the import is committed and must say so.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"已导入，但发布给省级的村级汇总未能刷新（{e.GetBaseException().Message}）：请运行 qingling publish";
        }
    }

    static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerExceptions[0]) : e;

    static ExportHeader? FindHeader(IRowReader reader)
    {
        while (reader.Read() && reader.Row <= ExportHeader.SearchRows)
        {
            if (ExportHeader.TryRecognize(reader.Row, reader.Cells) is { } header) return header;
        }
        return null;
    }

    static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    /// <summary>Reads and checks on a second thread while this one writes; rolls back unless everything was clean.</summary>
    (ImportOutcome, ImportBatch?, ImportPreview?) CheckAndWrite(IRowReader reader, string file, long fileBytes, ImportValidator validator, Task<string> sha, ImportOptions options)
    {
        using var cancel = new CancellationTokenSource();
        using var queue = new BlockingCollection<Prepared[]>(boundedCapacity: 4);
        var producer = Task.Run(() => Produce(reader, validator, queue, cancel.Token));
        Writer? writer = null;
        try
        {
            using var db = store.CreateContext();
            db.Database.OpenConnection();
            var sqlite = db.Database.IsSqlite();
            using var tuning = sqlite ? new SqliteBulkSettings(db) : null;
            using var tx = db.Database.BeginTransaction();
            // Read inside the transaction, before any write: the state this run saw, for a confirmation to compare against.
            var version = options.DryRun ? DataVersion.Current(db) : 0;
            var collector = options.DryRun ? new PreviewCollector() : null;
            // Index builds at the end sort in this much memory before spilling to disk.
            if (!sqlite) db.Database.ExecuteSqlRaw("SET LOCAL maintenance_work_mem = '256MB'");
            BulkKeys.Lock(db);
            var indexes = BulkIndexes.DropOnEmptyTables(db, "households", "members", "income_entries", "household_years", "member_years");

            var now = DateTime.UtcNow;
            var batch = new ImportBatch { FileName = file, Actor = options.Actor, StartedAt = now, Year = options.Year ?? 0 };
            var regions = new RegionResolver(db);
            foreach (var chunk in queue.GetConsumingEnumerable(cancel.Token))
            {
                if (writer is null)
                {
                    batch.Year = chunk[0].Row.Year;
                    batch.Sha256 = sha.Result;
                    if (db.ImportBatches.AsNoTracking().FirstOrDefault(b => b.Sha256 == batch.Sha256 && b.Year == batch.Year) is { } earlier)
                    {
                        cancel.Cancel();
                        return (ImportOutcome.Unchanged, earlier, null);
                    }
                    db.ImportBatches.Add(batch);
                    db.SaveChanges();
                    writer = new Writer(db, store, batch, RegisterSnapshot.Begin(db, store.Protector, batch.Year, fileBytes), file, batch.Year, options.Actor, now) { Preview = collector };
                }
                writer.Cover(chunk.Select(p => (p.Row.HouseholdCode, regions.ExistingVillage(p.Row), p.IdHash)));
                foreach (var p in chunk) writer.Row(p.Row, p.IdHash, p.IdCipher, regions);
                Progress?.Invoke("导入", reader.Progress);
            }
            producer.Wait();
            if (validator.Problems.HasErrors || writer is null) return (ImportOutcome.Refused, null, null);

            writer.Finish();
            var factsChanged = writer.FactsChanged;
            writer.Dispose();
            writer = null;
            if (collector is not null)
            {
                batch.Rows = validator.Rows;
                batch.Warnings = validator.Problems.Warnings;
                var changed = batch.HouseholdsAdded + batch.HouseholdsUpdated + batch.MembersAdded + batch.MembersUpdated + batch.MembersLeft + batch.IncomeHouseholdsChanged + factsChanged > 0;
                // Disposing the transaction uncommitted rolls everything back, the dropped indexes included (DDL is transactional on both databases).
                return changed ? (ImportOutcome.Previewed, batch, collector.Build(db, batch.Year, version)) : (ImportOutcome.Unchanged, null, null);
            }
            // The index builds below sort in native memory: give back the managed heap the rows used first.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            indexes.Rebuild();
            Progress?.Invoke("导入", 1);
            batch.Rows = validator.Rows;
            batch.Warnings = validator.Problems.Warnings;
            batch.FinishedAt = DateTime.UtcNow;
            if (batch.HouseholdsAdded + batch.HouseholdsUpdated + batch.MembersAdded + batch.MembersUpdated + batch.MembersLeft + batch.IncomeHouseholdsChanged + factsChanged == 0)
                return (ImportOutcome.Unchanged, null, null); // same content in other bytes: nothing to keep, not even the batch
            db.ImportBatches.Update(batch);
            db.AuditEntries.Add(new AuditEntry
            {
                At = batch.FinishedAt, Actor = options.Actor, Action = "导入", Entity = "导入批次", EntityId = batch.Id, ImportBatchId = batch.Id,
                Summary = $"导入 {file}（{batch.Year}年，{batch.Rows}行）：新增{batch.HouseholdsAdded}户、更新{batch.HouseholdsUpdated}户，" +
                          $"新增成员{batch.MembersAdded}人、更新{batch.MembersUpdated}人、离开{batch.MembersLeft}人，收入变动{batch.IncomeHouseholdsChanged}户",
                After = AuditJson.Of(new { 文件 = file, SHA256 = batch.Sha256, 年度 = batch.Year, 行数 = batch.Rows, 提醒 = batch.Warnings }),
            });
            db.SaveChanges();
            BulkKeys.ResyncSequences(db);
            tx.Commit();
            AnalyzeAfterLoad(db, batch);
            return (ImportOutcome.Imported, batch, null);
        }
        finally
        {
            writer?.Dispose();
            // Whatever happened here, the reading thread must not stay blocked on a full queue.
            cancel.Cancel();
            try { producer.Wait(); } catch (AggregateException) when (cancel.IsCancellationRequested) { }
        }
    }

    /// <summary>Rows an import adds (households, members, income lines) from which PostgreSQL's statistics are refreshed at once.</summary>
    public const int AnalyzeAfterRows = 20_000;

    /// <summary>
    /// After a load of many rows, PostgreSQL's planner statistics (row counts, value spreads) are refreshed at once
    /// instead of at autovacuum's next pass: until then every query is planned for the tables as they were. One county's
    /// export imported right after a province's first import took 54 s; with the tables analysed, 5.7 s.
    /// </summary>
    static void AnalyzeAfterLoad(QinglingDbContext db, ImportBatch batch)
    {
        if (db.Database.IsSqlite() || (long)batch.HouseholdsAdded + batch.MembersAdded + batch.IncomeEntriesAdded < AnalyzeAfterRows) return;
        db.Database.ExecuteSqlRaw("ANALYZE regions, households, members, household_years, member_years, income_entries, ledger_sums, member_counts");
    }

    /// <summary>
    /// The checking thread: every row goes through the validator; rows are passed on for writing only
    /// while the file is clean, so a bad file costs no more writing than the rows before its first error.
    /// </summary>
    void Produce(IRowReader reader, ImportValidator validator, BlockingCollection<Prepared[]> queue, CancellationToken cancel)
    {
        try
        {
            var chunk = new List<Prepared>(ChunkRows);
            while (reader.Read())
            {
                cancel.ThrowIfCancellationRequested();
                var row = validator.Feed(reader.Row, reader.Cells);
                if (row is null || validator.Problems.HasErrors) continue;
                chunk.Add(new Prepared(row, store.Protector.Hash(row.IdNumber), store.Protector.Encrypt(row.IdNumber)));
                if (chunk.Count == ChunkRows)
                {
                    queue.Add(chunk.ToArray(), cancel);
                    chunk.Clear();
                }
            }
            validator.Finish();
            validator.ReleaseTallies();
            if (chunk.Count > 0 && !validator.Problems.HasErrors) queue.Add(chunk.ToArray(), cancel);
        }
        finally
        {
            queue.CompleteAdding();
        }
    }
}

/// <summary>
/// An import's SQLite settings (fewer syncs, a 64 MB page cache), put back as they were when the import ends: the web
/// server pools its connections, and a connection keeping them would make every later write on it less durable.
/// </summary>
sealed class SqliteBulkSettings : IDisposable
{
    readonly QinglingDbContext _db;
    readonly long _synchronous, _cacheSize;

    public SqliteBulkSettings(QinglingDbContext db)
    {
        _db = db;
        _synchronous = Pragma("synchronous");
        _cacheSize = Pragma("cache_size");
        db.Database.ExecuteSqlRaw("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;");
    }

    long Pragma(string name)
    {
        using var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        // Whole numbers read from SQLite itself: nothing of the caller's reaches this statement.
        using var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"PRAGMA synchronous={_synchronous}; PRAGMA cache_size={_cacheSize};");
        command.ExecuteNonQuery();
    }
}
