using Qingling.Data.Database;
using Qingling.Data.Regions;

namespace Qingling.Web.Regions;

/// <summary>
/// In a county that publishes to its province (PostgreSQL with the publication), keeps the published village figures
/// in line with every change made through the web app: it looks at the data version every few seconds and recounts
/// when it moved. One recount covers any number of changes in between, so a busy afternoon costs a recount per
/// interval, not one per form. The projections and 考核 scores derive every plan in full (about 6 s per plan at 250,000
/// households): they are recounted with the rest at most every <see cref="ProjectionsEvery"/>, and as soon as that has
/// passed after a change (or a new day: within the plan year they are counted on today), the first time 10 minutes after
/// the app starts. A town on SQLite, or a county that does not publish, never recounts.
/// </summary>
/// <param name="cache">The pages' cache: a plan's data the dashboard read is not read again for the projections, and the
/// other way round.</param>
public sealed class PublishingService(Store store, ILogger<PublishingService> log, Web.ProgressCache? cache = null) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>How often a county whose figures did not move still says they are current (<see cref="PublishedFigures.Silence"/> is a day).</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two recounts of the projections and scores, and from the start to the first.</summary>
    public TimeSpan ProjectionsEvery { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A plan's data from the pages' cache (read there if absent, under the heavy-work limit), at the data's figures version.</summary>
    Func<Core.Plans.PlanDefinition, Data.Measures.ProgressData>? Shared(QinglingDbContext db)
    {
        if (cache is null) return null;
        var figures = DataVersion.Both(db).Figures;
        return plan => Web.PlanContext.DataIn(cache, store, plan, figures);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (store.Options.Provider != DatabaseProvider.Postgres) return;
        long? published = null, projected = null;
        var beat = DateTime.UtcNow;
        // Not at start: the pages' first views derive the figures then (at 250,000 households a recount of the projections
        // beside the dashboard's first view made it 16.0 s instead of 9.8 s), and an import has counted them already.
        var projectedAt = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var db = store.CreateContext();
                if (PublishedFigures.IsPublishing(db))
                {
                    // Read before the recount: a change committed during it moves the version again and is counted next time.
                    var version = DataVersion.Current(db);
                    // Within the plan year the projection's date is today: a new day recounts it even when nothing moved.
                    var project = (version != projected || DateTime.Now.Date != projectedAt.ToLocalTime().Date) && DateTime.UtcNow - projectedAt >= ProjectionsEvery;
                    if (version != published || project)
                    {
                        PublishedFigures.Outcome outcome;
                        if (!project) outcome = PublishedFigures.Refresh(db, projections: false);
                        else
                        {
                            // Counted as tried whatever comes of it: a plan that fails to derive is not derived again every 5 s.
                            projectedAt = DateTime.UtcNow;
                            try
                            {
                                outcome = PublishedFigures.Refresh(db, projections: true, Shared(db));
                                projected = version;
                            }
                            catch (Exception e) when (e is not OperationCanceledException)
                            {
                                // The other figures still go out, with the projections the rows hold.
                                log.LogError(e, "推算发布给省级的预计数和考核分失败，{Minutes}分钟后重试；其余数字照常刷新", ProjectionsEvery.TotalMinutes);
                                using var again = store.CreateContext();
                                outcome = PublishedFigures.Refresh(again, projections: false);
                            }
                        }
                        (published, beat) = (version, DateTime.UtcNow);
                        if (outcome.Written + outcome.Removed > 0)
                            log.LogInformation("村级汇总已刷新：写入{Written}行，删除{Removed}行（数据版本{Version}）", outcome.Written, outcome.Removed, version);
                    }
                    else if (DateTime.UtcNow - beat >= HeartbeatEvery)
                    {
                        PublishedFigures.Heartbeat(db);
                        beat = DateTime.UtcNow;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "刷新发布给省级的村级汇总失败，{Seconds}秒后重试", Interval.TotalSeconds);
            }
            try { await Task.Delay(Interval, stop); } catch (OperationCanceledException) { return; }
        }
    }
}
