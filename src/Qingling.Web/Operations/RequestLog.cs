using System.Diagnostics;
using System.Text.Json;

namespace Qingling.Web.Operations;

/// <summary>
/// One JSON line per request in <c>LogFolder/qingling-YYYY-MM-DD.log</c>: time, request id, user name, method, route,
/// status and duration. The route is the path without its query string: searches may hold names or ID numbers, and a
/// log is read by more people than the data.
/// </summary>
sealed class RequestLog(string folder) : IStartupFilter
{
    readonly Lock _write = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        Directory.CreateDirectory(folder);
        app.Use(async (context, proceed) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await proceed(context);
            }
            finally
            {
                Write(context, Stopwatch.GetElapsedTime(started));
            }
        });
        next(app);
    };

    void Write(HttpContext context, TimeSpan duration)
    {
        var now = DateTime.UtcNow;
        var line = JsonSerializer.Serialize(new
        {
            time = now.ToString("O"),
            requestId = context.TraceIdentifier,
            user = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null,
            method = context.Request.Method,
            route = context.Request.Path.Value,
            status = context.Response.StatusCode,
            durationMs = Math.Round(duration.TotalMilliseconds, 1),
        });
        lock (_write) File.AppendAllText(Path.Combine(folder, $"qingling-{now:yyyy-MM-dd}.log"), line + "\n");
    }
}
