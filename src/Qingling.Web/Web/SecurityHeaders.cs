using Microsoft.AspNetCore.HttpOverrides;

namespace Qingling.Web.Web;

/// <summary>
/// Headers on every response: scripts only from this site (the pages have no inline script), no framing, no
/// MIME sniffing, no referrer carrying a household code elsewhere; and no caching of anything the application
/// computes (pages, /api, exports, cards), since each holds personal data for one signed-in user.
/// </summary>
public static class SecurityHeaders
{
    // Inline style attributes stay allowed (widths of progress bars, form fields; htmx's indicator style):
    // they cannot run code. Bootstrap's icons are data: SVG images.
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = Policy;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h.XFrameOptions = "DENY";
            // Static files (scripts, styles) have no endpoint and keep their own caching.
            if (context.GetEndpoint() is not null)
            {
                h.CacheControl = "no-store";
                h.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Believe X-Forwarded-For/-Proto from loopback and the configured proxies only.</summary>
    public static void Configure(ForwardedHeadersOptions o, WebSettings settings)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var proxy in settings.Proxies()) o.KnownProxies.Add(proxy);
    }
}
