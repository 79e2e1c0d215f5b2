using System.Threading.RateLimiting;

namespace Qingling.Web.Web;

/// <summary>
/// Bounds the work requests may start: the pages that compute the indicators over the whole town (dashboard,
/// plan, targets, reviews, quarter, their /api and the exports) run a few at a time; a few more wait; the
/// rest are told at once to come back (503 with Retry-After) instead of piling up until nothing answers.
/// Sign-in and the light pages are not limited.
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

    static readonly string[] Prefixes = ["/Plan", "/Targets", "/Reviews", "/Quarter", "/api/progress", "/api/targets", "/export", "/Trace/Verify"];

    public static bool IsHeavy(PathString path) =>
        path == "/" || path.Equals("/Index", StringComparison.OrdinalIgnoreCase) || Prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public void Dispose() => Limiter.Dispose();
}

public static class HeavyWorkMiddleware
{
    public static IApplicationBuilder UseHeavyWorkLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HeavyWork.IsHeavy(context.Request.Path) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var heavy = context.RequestServices.GetRequiredService<HeavyWork>();
        using var lease = await heavy.Limiter.AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.Response.Headers.RetryAfter = HeavyWork.RetryAfterSeconds.ToString();
            await WebErrors.Write(context, StatusCodes.Status503ServiceUnavailable, "系统繁忙",
                $"同时进行的统计已达上限，请{HeavyWork.RetryAfterSeconds}秒后再试");
            return;
        }
        await next(context);
    });
}
