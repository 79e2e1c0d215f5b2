using System.Collections.Concurrent;
using Qingling.Data.Database;
using Qingling.Data.Import;

namespace Qingling.Web.Web;

/// <summary>An import running in the background, so the page can show its progress while a large file goes in.</summary>
public sealed class ImportJob
{
    public string Id { get; } = Guid.NewGuid().ToString("N");
    public string File { get; init; } = "";
    public string Owner { get; init; } = "";
    public volatile string Stage = "排队";
    public double Fraction;
    public ImportResult? Result { get; set; }
    public string? ProblemsId { get; set; }
    public string? Failure { get; set; }
    public DateTime? FinishedAt { get; set; }
    public bool Done => Result is not null || Failure is not null;
    /// <summary>Completes when the import ends, either way.</summary>
    public Task Completion { get; internal set; } = Task.CompletedTask;
}

/// <summary>The imports started from the web page, kept in memory for an hour after they end.</summary>
public sealed class ImportJobs
{
    readonly ConcurrentDictionary<string, ImportJob> _jobs = new();

    public ImportJob Start(Store store, string path, int? year, string actor, string owner)
    {
        foreach (var old in _jobs.Values.Where(j => j.FinishedAt < DateTime.UtcNow.AddHours(-1)).ToList()) _jobs.TryRemove(old.Id, out _);
        var job = new ImportJob { File = Path.GetFileName(path), Owner = owner };
        _jobs[job.Id] = job;
        job.Completion = Task.Run(() =>
        {
            try
            {
                var handler = new ImportHandler(store) { Progress = (stage, fraction) => { job.Stage = stage; job.Fraction = fraction; } };
                var result = handler.Run(path, new ImportOptions(year, Actor: actor));
                if (result.Problems.Kept.Count > 0) job.ProblemsId = ProblemFiles.Save(result.Problems);
                job.Result = result;
            }
            catch (Exception e)
            {
                job.Failure = "导入时出错，数据库未作改动：" + e.Message;
            }
            finally
            {
                job.FinishedAt = DateTime.UtcNow;
                try { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); } catch (IOException) { }
            }
        });
        return job;
    }

    /// <summary>The job, only for the user who started it.</summary>
    public ImportJob? Find(string? id, string owner) => id is not null && _jobs.TryGetValue(id, out var job) && job.Owner == owner ? job : null;
}
