using System.Threading.RateLimiting;

namespace Qingling.Web.Web;

/// <summary>
/// Bounds the work requests may start: computations over the whole town (a miss of the figures cache behind the
/// dashboard, plan, targets, reviews, quarter and their /api; every export) run a few at a time; a few more wait; the
/// rest are told at once to come back (503 with Retry-After) instead of piling up until nothing answers. A computation
/// started is finished and kept for the next request even if its own request was abandoned, and requests asking for
/// the same figures wait for that one computation. Sign-in, light pages and figures already derived are not limited.
/// </summary>
public sealed class HeavyWork(WebSettings settings) : IDisposable
{
    public const int RetryAfterSeconds = 10;

    public ConcurrencyLimiter Limiter { get; } = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = settings.HeavyConcurrency,
        QueueLimit = settings.HeavyQueue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    // The dashboard, plan, targets, reviews, quarter, /api/progress, /api/targets and /api/charts are not here: they are
    // served from the figures cache, and only a miss (a computation) takes a permit there (ProgressCache), so reading
    // figures already derived is never held up by the limit. Exports build whole files: each takes a permit.
    static readonly string[] Prefixes = ["/export", "/Trace/Verify"];

    public static bool IsHeavy(PathString path) => Prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    static readonly AsyncLocal<bool> Held = new();

    /// <summary>Whether this request already holds a permit (an export that also reads the figures cache must not wait for a second).</summary>
    public static bool Holding => Held.Value;

    /// <summary>A computation found the limit full: the request gets 503 with Retry-After.</summary>
    public sealed class BusyException() : Exception("同时进行的统计已达上限");

    internal static void Hold(bool held) => Held.Value = held;

    public void Dispose() => Limiter.Dispose();
}

public static class HeavyWorkMiddleware
{
    public static IApplicationBuilder UseHeavyWorkLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HeavyWork.IsHeavy(context.Request.Path) || context.User.Identity?.IsAuthenticated != true)
        {
            try
            {
                await next(context);
            }
            catch (HeavyWork.BusyException) when (!context.Response.HasStarted)
            {
                await Busy(context);
            }
            return;
        }
        var heavy = context.RequestServices.GetRequiredService<HeavyWork>();
        using var lease = await heavy.Limiter.AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            await Busy(context);
            return;
        }
        HeavyWork.Hold(true);
        try
        {
            await next(context);
        }
        finally
        {
            HeavyWork.Hold(false);
        }
    });

    static Task Busy(HttpContext context)
    {
        context.Response.Clear();
        context.Response.Headers.RetryAfter = HeavyWork.RetryAfterSeconds.ToString();
        return WebErrors.Write(context, StatusCodes.Status503ServiceUnavailable, "系统繁忙",
            $"同时进行的统计已达上限，请{HeavyWork.RetryAfterSeconds}秒后再试");
    }
}
