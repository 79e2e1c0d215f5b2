using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Import;
using Qingling.Core.Income;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Import;

public sealed record ImportOptions(int? Year = null, string? Encoding = null, string Actor = "system");

public enum ImportOutcome { Imported, Unchanged, Refused }

public sealed record ImportResult(string File, ImportOutcome Outcome, ProblemList Problems, ImportBatch? Batch, int Rows, TimeSpan Elapsed);

/// <summary>
/// Imports a national-system export: a first pass checks the whole file and writes nothing; only a clean
/// file is written, in one transaction, as the difference against what the register already holds.
/// </summary>
public sealed class ImportHandler(Store store)
{
    /// <summary>Progress: stage name and fraction done.</summary>
    public Action<string, double>? Progress { get; init; }

    public ImportResult Run(string path, ImportOptions options)
    {
        var clock = Stopwatch.StartNew();
        var file = Path.GetFileName(path);
        var problems = new ProblemList();
        ImportResult Refused(int rows) => new(file, ImportOutcome.Refused, problems, null, rows, clock.Elapsed);

        if (!File.Exists(path))
        {
            problems.Add(new ImportProblem(file, 0, "", "", "文件不存在"));
            return Refused(0);
        }

        ExportHeader? header;
        ImportValidator validator;
        try
        {
            using var reader = ExportFile.Open(path, options.Encoding);
            header = FindHeader(reader);
            if (header is null)
            {
                problems.Add(new ImportProblem(file, 0, "", "", $"前{ExportHeader.SearchRows}行中找不到表头行（应含“户编号”“姓名”“证件号码”等列）"));
                return Refused(0);
            }
            validator = new ImportValidator(file, header, options.Year);
            if (!validator.Problems.HasErrors)
            {
                while (reader.Read())
                {
                    validator.Feed(reader.Row, reader.Cells);
                    if ((validator.Rows & 0x3FFF) == 0) Progress?.Invoke("检查", reader.Progress);
                }
                validator.Finish();
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or ArgumentException or Sylvan.Data.Csv.CsvFormatException)
        {
            problems.Add(new ImportProblem(file, 0, "", "", e.Message));
            return Refused(0);
        }
        Progress?.Invoke("检查", 1);
        if (validator.Problems.HasErrors)
            return new ImportResult(file, ImportOutcome.Refused, validator.Problems, null, validator.Rows, clock.Elapsed);

        var year = validator.Year!.Value;
        var sha = Sha256(path);
        using (var db = store.CreateContext())
        {
            var earlier = db.ImportBatches.AsNoTracking().FirstOrDefault(b => b.Sha256 == sha && b.Year == year);
            if (earlier is not null)
                return new ImportResult(file, ImportOutcome.Unchanged, validator.Problems, earlier, validator.Rows, clock.Elapsed);
        }

        var batch = Write(path, file, header, year, sha, validator, options);
        return new ImportResult(file, batch.HouseholdsAdded + batch.HouseholdsUpdated + batch.MembersAdded + batch.MembersUpdated
            + batch.MembersLeft + batch.IncomeHouseholdsChanged == 0 ? ImportOutcome.Unchanged : ImportOutcome.Imported,
            validator.Problems, batch, validator.Rows, clock.Elapsed);
    }

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
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    ImportBatch Write(string path, string file, ExportHeader header, int year, string sha, ImportValidator validator, ImportOptions options)
    {
        using var db = store.CreateContext();
        db.Database.OpenConnection();
        var sqlite = db.Database.IsSqlite();
        if (sqlite) db.Database.ExecuteSqlRaw("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;");
        using var tx = db.Database.BeginTransaction();
        BulkKeys.Lock(db);

        var now = DateTime.UtcNow;
        var batch = new ImportBatch { FileName = file, Sha256 = sha, Year = year, Actor = options.Actor, StartedAt = now, Rows = validator.Rows, Warnings = validator.Problems.Warnings };
        db.ImportBatches.Add(batch);
        db.SaveChanges();

        var snapshot = RegisterSnapshot.Load(db, store.Protector, year);
        var regions = new RegionResolver(db);
        var writer = new Writer(db, store, batch, snapshot, file, year, options.Actor, now);
        var parser = new ExportRowParser(file, header, options.Year);
        var ignored = new ProblemList();
        using (var reader = ExportFile.Open(path, options.Encoding))
        {
            while (reader.Read() && reader.Row <= header.Row) { }
            var done = 0;
            do
            {
                var row = parser.Parse(reader.Row, reader.Cells, ignored)
                    ?? throw new InvalidOperationException($"第{reader.Row}行在检查后发生变化：文件在导入过程中被修改？");
                writer.Row(row, regions);
                if ((++done & 0x3FFF) == 0) Progress?.Invoke("写入", (double)done / validator.Rows);
            } while (reader.Read());
        }
        writer.Finish();
        Progress?.Invoke("写入", 1);
        if (batch.HouseholdsAdded + batch.HouseholdsUpdated + batch.MembersAdded + batch.MembersUpdated + batch.MembersLeft + batch.IncomeHouseholdsChanged == 0)
        {
            // Same content in different bytes: nothing to record, so nothing is kept, not even the batch.
            tx.Rollback();
            return batch;
        }

        batch.FinishedAt = DateTime.UtcNow;
        db.ImportBatches.Update(batch);
        db.AuditEntries.Add(new AuditEntry
        {
            At = batch.FinishedAt, Actor = options.Actor, Action = "导入", Entity = "导入批次", EntityId = batch.Id, ImportBatchId = batch.Id,
            Summary = $"导入 {file}（{year}年，{validator.Rows}行）：新增{batch.HouseholdsAdded}户、更新{batch.HouseholdsUpdated}户，" +
                      $"新增成员{batch.MembersAdded}人、更新{batch.MembersUpdated}人、迁出{batch.MembersLeft}人，收入变动{batch.IncomeHouseholdsChanged}户",
            After = AuditJson.Of(new { 文件 = file, SHA256 = sha, 年度 = year, 行数 = validator.Rows, 提醒 = validator.Problems.Warnings }),
        });
        db.SaveChanges();
        BulkKeys.ResyncSequences(db);
        tx.Commit();
        return batch;
    }
}
