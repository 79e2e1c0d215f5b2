using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>The figures cache under the heavy-work limit, without a web server: who waits on whom.</summary>
public class ProgressCacheTests
{
    sealed class Box(int value) { public int Value { get; } = value; }

    /// <summary>
    /// Two computations hold both permits and each needs the figures a third request asked for first, while that
    /// request still waits for a permit. They must compute those figures on their own permits, not wait for the
    /// queued request, which waits for them: before, all three waited for ever (a browser test hung on CI).
    /// </summary>
    static readonly ProgressCache.Stamp One = new(1, false);

    [Fact]
    public void A_newer_count_ends_only_its_own_counts_entries()
    {
        var settings = new WebSettings();
        using var heavy = new HeavyWork(settings);
        using var cache = new ProgressCache(heavy, settings);
        var runs = 0;
        Box Run() { runs++; return new Box(runs); }
        cache.Get(new ProgressCache.Stamp(5, true), ("figures", 5L), Run, _ => 1);
        cache.Get(new ProgressCache.Stamp(7, false), ("alerts", 7L), Run, _ => 1);
        // Every change's count moves (an alert was written); the figures' does not: the figures stay, the alerts' entry goes.
        cache.Get(new ProgressCache.Stamp(8, false), ("other", 8L), Run, _ => 1);
        Assert.Equal(1, cache.Get(new ProgressCache.Stamp(5, true), ("figures", 5L), Run, _ => 1).Value);
        Assert.Equal(3, runs);
        Assert.Equal(4, cache.Get(new ProgressCache.Stamp(7, false), ("alerts", 7L), Run, _ => 1).Value);
        // The figures' count moves: their entry of the older count goes.
        cache.Get(new ProgressCache.Stamp(6, true), ("figures", 6L), Run, _ => 1);
        Assert.Equal(6, cache.Get(new ProgressCache.Stamp(5, true), ("figures", 5L), Run, _ => 1).Value);
    }

    [Fact]
    public async Task Computations_holding_the_permits_never_wait_for_a_request_queued_for_one()
    {
        var settings = new WebSettings { HeavyConcurrency = 2, HeavyQueue = 4 };
        using var heavy = new HeavyWork(settings);
        using var cache = new ProgressCache(heavy, settings);
        using var bothInside = new CountdownEvent(2);
        using var go = new ManualResetEventSlim();
        var innerRuns = 0;
        Box Inner() { Interlocked.Increment(ref innerRuns); return new Box(42); }
        Box Outer(string key) => cache.Get(One, key, () =>
        {
            bothInside.Signal();
            go.Wait(TimeSpan.FromSeconds(30));
            return new Box(cache.Get(One, "inputs", Inner, _ => 1).Value + 1);
        }, _ => 1);

        var outers = new[] { Task.Run(() => Outer("results-a")), Task.Run(() => Outer("results-b")) };
        Assert.True(bothInside.Wait(TimeSpan.FromSeconds(30)), "both computations hold a permit");
        var queued = Task.Run(() => cache.Get(One, "inputs", Inner, _ => 1));
        for (var i = 0; i < 300 && heavy.Limiter.GetStatistics()!.CurrentQueuedCount == 0; i++) await Task.Delay(10);
        Assert.Equal(1, heavy.Limiter.GetStatistics()!.CurrentQueuedCount);
        go.Set();

        var all = Task.WhenAll(outers.Append(queued));
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30))));
        foreach (var outer in outers) Assert.Equal(43, (await outer).Value);
        Assert.Equal(42, (await queued).Value);
        Assert.InRange(innerRuns, 1, 2);
    }

    [Fact]
    public async Task A_prefetch_runs_once_beside_the_page_with_a_spare_permit_and_never_takes_the_last_one()
    {
        var settings = new WebSettings { HeavyConcurrency = 2, HeavyQueue = 0 };
        using var heavy = new HeavyWork(settings);
        using var cache = new ProgressCache(heavy, settings);
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var runs = 0;
        using var started = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        Box Slow() { Interlocked.Increment(ref runs); started.Set(); go.Wait(TimeSpan.FromSeconds(30)); return new Box(7); }

        // Two permits free: the prefetch takes one and leaves one, so the page's own computation is not refused meanwhile.
        cache.Prefetch(One, "integrity", Slow, _ => 1, logger);
        cache.Prefetch(One, "integrity", Slow, _ => 1, logger); // asked twice at once: one permit, one run
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the prefetch runs");
        Assert.Equal(1, heavy.Limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.Equal(3, cache.Get(One, "figures", () => new Box(3), _ => 1).Value);
        // Under way: asked again, it is joined, not started twice.
        cache.Prefetch(One, "integrity", Slow, _ => 1, logger);
        var joined = Task.Run(() => cache.Get(One, "integrity", Slow, _ => 1));
        go.Set();
        Assert.Equal(7, (await joined).Value);
        Assert.Equal(1, runs);
        for (var i = 0; i < 300 && heavy.Limiter.GetStatistics()!.CurrentAvailablePermits < 2; i++) await Task.Delay(10);
        Assert.Equal(2, heavy.Limiter.GetStatistics()!.CurrentAvailablePermits);

        Assert.True(cache.Has("integrity"));
        // One permit free: it is left for the page, and nothing starts.
        using (var held = heavy.Limiter.AttemptAcquire(1))
        {
            Assert.True(held.IsAcquired);
            cache.Prefetch(One, "other", Slow, _ => 1, logger);
            await Task.Delay(200);
            Assert.Equal(1, runs);
            Assert.False(cache.Has("other"));
        }
    }
}
