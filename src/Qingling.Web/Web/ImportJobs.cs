using System.Collections.Concurrent;
using Qingling.Data.Database;
using Qingling.Data.Import;

namespace Qingling.Web.Web;

/// <summary>Preview: a dry run whose file waits for the user's confirmation. Import: the real run, after a confirmation.</summary>
public enum ImportJobKind { Preview, Import }

/// <summary>An import (or its preview) running in the background, so the page can show its progress while a large file goes in.</summary>
public sealed class ImportJob
{
    public string Id { get; } = Guid.NewGuid().ToString("N");
    public string File { get; init; } = "";
    public string Owner { get; init; } = "";
    public ImportJobKind Kind { get; init; }
    public int? Year { get; init; }
    /// <summary>Said above the result: why this preview was made again.</summary>
    public string? Note { get; init; }
    public volatile string Stage = "排队";
    public double Fraction;
    public ImportResult? Result { get; set; }
    public string? ProblemsId { get; set; }
    public string? Failure { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>The uploaded file while this preview waits for confirmation; null once it is confirmed, dropped or expired (and deleted).</summary>
    public string? Upload { get; internal set; }
    public DateTime? ExpiresAt { get; internal set; }
    /// <summary>The file this job is reading now: not an orphan, however old its folder.</summary>
    internal string? Reading { get; set; }
    public bool Expired { get; internal set; }
    public bool Done => Result is not null || Failure is not null;
    /// <summary>A preview of a file that would change the register, still waiting for the user to confirm it.</summary>
    public bool Awaiting => Kind == ImportJobKind.Preview && Result?.Outcome == ImportOutcome.Previewed && Upload is not null;
    /// <summary>Completes when the run ends, either way.</summary>
    public Task Completion { get; internal set; } = Task.CompletedTask;
}

/// <summary>Why a confirmation was refused, in Chinese, with its HTTP status.</summary>
public sealed record ImportRefusal(int Status, string Message);

/// <summary>
/// The imports started from the web page, kept in memory for an hour after they end. An upload is first previewed
/// (a dry run); its file is kept under the data folder until the same user confirms it, drops it, or
/// <see cref="PreviewLifetime"/> passes.
/// </summary>
public sealed class ImportJobs(TimeProvider? clock = null)
{
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromMinutes(30);
    /// <summary>A web user has no command line: a file without a year is sent to the form's field.</summary>
    public const string WebYearHint = "请在本页“收入年度”栏填写年度后重新上传";

    readonly ConcurrentDictionary<string, ImportJob> _jobs = new();
    readonly TimeProvider _clock = clock ?? TimeProvider.System;
    DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>The folder uploads wait in: under the data folder, outside the database, readable by the service's user only.</summary>
    public static string UploadFolder(Store store) => Path.Combine(store.DataFolder, "import-uploads");

    /// <summary>A fresh folder of its own for one upload.</summary>
    public static string NewUploadFolder(Store store)
    {
        var parent = UploadFolder(store);
        var folder = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else
        {
            // The file holds ID numbers in clear: only the service's own user may read it, as for the key file.
            const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Directory.CreateDirectory(parent, OwnerOnly);
            Directory.CreateDirectory(folder, OwnerOnly);
        }
        return folder;
    }

    /// <summary>Checks the file and works out what it would change, writing nothing.</summary>
    public ImportJob Preview(Store store, string path, int? year, string actor, string owner, string? note = null) =>
        Start(store, path, year, actor, owner, ImportJobKind.Preview, note);

    /// <summary>Commits a preview: only its owner, only before it expires, and only on the data it was made on (else it is previewed again).</summary>
    public (ImportJob? Job, ImportRefusal? Refusal) Confirm(Store store, string? id, string actor, string owner)
    {
        Sweep(store);
        if (id is null || !_jobs.TryGetValue(id, out var preview) || preview.Kind != ImportJobKind.Preview)
            return (null, new(StatusCodes.Status404NotFound, $"找不到这次导入预览：预览只保留{PreviewLifetime.TotalMinutes:0}分钟，服务重启后也不再保留，请重新上传文件"));
        if (preview.Owner != owner)
            return (null, new(StatusCodes.Status403Forbidden, "这次导入预览不是您上传的：只有上传并预览该文件的用户才能确认导入"));
        lock (preview)
        {
            if (preview.Expired)
                return (null, new(StatusCodes.Status410Gone, $"导入预览已过期（保留{PreviewLifetime.TotalMinutes:0}分钟），上传的文件已删除，数据库未作改动：请重新上传文件"));
            if (!preview.Awaiting)
                return (null, new(StatusCodes.Status409Conflict, "这次预览没有可导入的内容，或已经确认、已经放弃：请重新上传文件"));
            var path = preview.Upload!;
            preview.Upload = null;
            long version;
            using (var db = store.CreateContext()) version = DataVersion.Current(db);
            // Someone changed the data since: the figures shown may no longer hold, so they are worked out again, not committed blind.
            if (version != preview.Result!.Preview!.DataVersion)
                return (Start(store, path, preview.Year, actor, owner, ImportJobKind.Preview, "预览之后数据库已有变动，已按最新数据重新预览：请核对后再确认导入。"), null);
            return (Start(store, path, preview.Year, actor, owner, ImportJobKind.Import, null), null);
        }
    }

    /// <summary>Drops a preview and deletes its file; false when there is no such preview of this user's waiting.</summary>
    public bool Drop(string? id, string owner)
    {
        if (Find(id, owner) is not { } preview) return false;
        lock (preview)
        {
            if (!preview.Awaiting) return false;
            DeleteUpload(preview.Upload!);
            preview.Upload = null;
            return true;
        }
    }

    ImportJob Start(Store store, string path, int? year, string actor, string owner, ImportJobKind kind, string? note)
    {
        Sweep(store);
        var job = new ImportJob { File = Path.GetFileName(path), Owner = owner, Kind = kind, Year = year, Note = note, Reading = path };
        _jobs[job.Id] = job;
        job.Completion = Task.Run(() =>
        {
            var keep = false;
            try
            {
                var handler = new ImportHandler(store) { Progress = (stage, fraction) => { job.Stage = kind == ImportJobKind.Preview ? "预览" : stage; job.Fraction = fraction; } };
                var result = handler.Run(path, new ImportOptions(year, Actor: actor, DryRun: kind == ImportJobKind.Preview, YearHint: WebYearHint));
                if (result.Problems.Kept.Count > 0) job.ProblemsId = ProblemFiles.Save(result.Problems);
                keep = result.Outcome == ImportOutcome.Previewed;
                if (keep)
                {
                    job.Upload = path;
                    job.ExpiresAt = Now + PreviewLifetime;
                }
                job.Result = result;
            }
            catch (Exception e)
            {
                job.Failure = "导入时出错，数据库未作改动：" + e.Message;
            }
            finally
            {
                job.FinishedAt = Now;
                job.Reading = null;
                if (!keep) DeleteUpload(path);
            }
        });
        return job;
    }

    /// <summary>The job, only for the user who started it.</summary>
    public ImportJob? Find(string? id, string owner)
    {
        if (id is null || !_jobs.TryGetValue(id, out var job) || job.Owner != owner) return null;
        Expire(job);
        return job;
    }

    /// <summary>Forgets jobs ended over an hour ago, expires previews past their time, and deletes uploads no job knows (left by a restart).</summary>
    void Sweep(Store store)
    {
        foreach (var job in _jobs.Values)
        {
            Expire(job);
            if (job.FinishedAt < Now - TimeSpan.FromHours(1) && job.Upload is null) _jobs.TryRemove(job.Id, out _);
        }
        var known = _jobs.Values.SelectMany(j => new[] { j.Upload, j.Reading }).OfType<string>().Select(p => Path.GetDirectoryName(p)!).ToHashSet();
        var folder = UploadFolder(store);
        if (!Directory.Exists(folder)) return;
        foreach (var orphan in Directory.EnumerateDirectories(folder))
        {
            // A folder being written or previewed right now is younger than a preview's lifetime; one older belongs to no live preview.
            if (known.Contains(orphan) || Directory.GetLastWriteTimeUtc(orphan) > DateTime.UtcNow - PreviewLifetime) continue;
            try { Directory.Delete(orphan, recursive: true); } catch (IOException) { }
        }
    }

    void Expire(ImportJob job)
    {
        if (job.ExpiresAt is not { } end || end > Now) return;
        lock (job)
        {
            if (job.Upload is null || job.Expired) return;
            DeleteUpload(job.Upload);
            job.Upload = null;
            job.Expired = true;
        }
    }

    static void DeleteUpload(string path)
    {
        try { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); } catch (IOException) { }
    }
}
