using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Qingling.Web.Web;

/// <summary>
/// What the pages derive from the whole town's data (the plan's data, the indicators' inputs on a date, the results as
/// a scope sees them, the review pack, the quarter), kept per data version (<see cref="Qingling.Data.Database.DataVersion"/>):
/// derived once per data change, never served after the data changed, since every key holds the version read before
/// deriving. Bounded: entries are sized by the households they hold, and an entry of an older version goes as soon as
/// a newer version is seen. A miss is computed once however many requests ask for it at the same time, and only within
/// the heavy-work limit (<see cref="HeavyWork"/>): beyond it the request is told to come back (503) instead of piling up.
/// </summary>
public sealed class ProgressCache(HeavyWork heavy, WebSettings settings) : IDisposable
{
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = settings.CacheHouseholds });
    readonly ConcurrentDictionary<object, Lazy<object>> _running = new();
    readonly ConcurrentDictionary<object, byte> _prefetching = new();
    readonly Generations _data = new(), _figures = new();
    readonly ConcurrentDictionary<string, long> _computed = new(StringComparer.Ordinal);

    /// <summary>
    /// How many times entries whose key starts with <paramref name="kind"/> (the plan's "data", a date's "input", the
    /// "integrity" report …) were computed in this process: what shows that a page answered from the cache.
    /// </summary>
    public long Computed(string kind) => _computed.GetValueOrDefault(kind);

    /// <summary>
    /// A count entries are kept under: every change's, or only the figures' (<see cref="Qingling.Data.Database.DataVersion.Figures"/>,
    /// for what reads no alert), each with its own generations.
    /// </summary>
    public readonly record struct Stamp(long Value, bool Figures);

    /// <summary>Whether <paramref name="key"/> is kept or being computed.</summary>
    public bool Has(object key) => _cache.TryGetValue(key, out _) || _running.ContainsKey(key) || _prefetching.ContainsKey(key);

    /// <summary>
    /// Starts computing <paramref name="key"/> on another thread, for a page that will ask for it later, when it is neither
    /// kept nor under way and a heavy-work permit is free beside one left for whoever asks next (the page itself): a
    /// prefetch never makes a request wait or be refused. The page's own <see cref="Get{T}"/> then joins it.
    /// </summary>
    public void Prefetch<T>(Stamp version, object key, Func<T> compute, Func<T, long> size, ILogger logger) where T : class
    {
        if (Has(key)) return;
        if (heavy.Limiter.GetStatistics() is not { CurrentAvailablePermits: >= 2 }) return;
        // One prefetch per key: two pages asking at once must not both take a permit for it.
        if (!_prefetching.TryAdd(key, 0)) return;
        var lease = heavy.Limiter.AttemptAcquire(1);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            _prefetching.TryRemove(key, out _);
            return;
        }
        _ = Task.Run(() =>
        {
            using (lease)
            {
                // The permit is this task's: the computation below takes no other.
                HeavyWork.Hold(true);
                try { Get(version, key, compute, size); }
                catch (Exception e) { logger.LogWarning(e, "预先计算{Key}失败，页面将自行计算", key); }
                finally { _prefetching.TryRemove(key, out _); }
            }
        });
    }

    /// <summary>The value under <paramref name="key"/> (which must hold the data version), computing it on a miss.</summary>
    /// <param name="size">Its weight, in households held (at least 1).</param>
    /// <param name="limited">False for what every page needs and costs little (the plan, 数据截至): light pages are never held up.</param>
    public T Get<T>(Stamp version, object key, Func<T> compute, Func<T, long> size, bool limited = true) where T : class
    {
        var token = (version.Figures ? _figures : _data).Of(version.Value);
        if (_cache.TryGetValue(key, out var hit)) return (T)hit!;
        // A computation under way is joined, never repeated. Its owner took its permit before publishing it, so whoever
        // joins (a request, or a computation inside another) waits on work that is running, never on a thread that
        // itself waits for a permit: when joining a computation that was still queued for a permit, two computations
        // already holding the permits and each needing the figures the queued one would derive (a date's results need
        // its inputs) waited on each other for ever. A browser test hung there under CI's load.
        if (_running.TryGetValue(key, out var running)) return (T)running.Value;
        // A computation inside another (a date's results need its inputs) runs on the outer one's permit.
        var outer = HeavyWork.Holding;
        using var lease = outer || !limited ? null : heavy.Limiter.AcquireAsync(1).AsTask().GetAwaiter().GetResult();
        if (lease is { IsAcquired: false }) throw new HeavyWork.BusyException();
        var run = _running.GetOrAdd(key, _ => new Lazy<object>(() =>
        {
            try
            {
                if (_cache.TryGetValue(key, out var again)) return again!;
                T value;
                if (key is System.Runtime.CompilerServices.ITuple { Length: > 0 } tuple && tuple[0] is string kind)
                    _computed.AddOrUpdate(kind, 1, (_, n) => n + 1);
                // The thread that runs this is whichever asked first (a prefetch's task, or a request joining it): it gets back
                // its own state afterwards, never the creator's, or a request would go on as if it held a permit.
                var was = HeavyWork.Holding;
                if (limited) HeavyWork.Hold(true);
                try
                {
                    value = compute();
                }
                finally
                {
                    HeavyWork.Hold(was);
                }
                var options = new MemoryCacheEntryOptions { Size = Math.Max(1, size(value)), SlidingExpiration = TimeSpan.FromHours(1) };
                options.AddExpirationToken(new CancellationChangeToken(token));
                _cache.Set(key, value, options);
                return value;
            }
            finally
            {
                _running.TryRemove(key, out Lazy<object>? _);
            }
        }));
        return (T)run.Value;
    }

    /// <summary>The expiry tokens of one count's entries: a newer version ends every older one's.</summary>
    sealed class Generations : IDisposable
    {
        readonly Lock _gate = new();
        CancellationTokenSource _generation = new();
        long _version = -1;

        public CancellationToken Of(long version)
        {
            lock (_gate)
            {
                if (version > _version)
                {
                    var old = _generation;
                    _generation = new CancellationTokenSource();
                    _version = version;
                    old.Cancel();
                    old.Dispose();
                }
                return _generation.Token;
            }
        }

        public void Dispose() => _generation.Dispose();
    }

    public void Dispose()
    {
        _cache.Dispose();
        _data.Dispose();
        _figures.Dispose();
    }
}
