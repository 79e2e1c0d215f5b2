using System.Net;
using Microsoft.AspNetCore.Mvc;

namespace Qingling.Web.Web;

/// <summary>A short Chinese page for a refused request (bad parameter, too large, busy), with the status code that says why.</summary>
public static class WebErrors
{
    static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>The app's own error page: its bar, its icon, what happened, and ways back.</summary>
    public static string Html(string title, string message) =>
        $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{WebUtility.HtmlEncode(title)} · 清零</title>"
        + "<link rel=\"stylesheet\" href=\"/lib/bootstrap/bootstrap.min.css\"><link rel=\"stylesheet\" href=\"/site.css\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head><body>"
        + "<nav class=\"navbar navbar-dark bg-success mb-3\"><div class=\"container-fluid\"><a class=\"navbar-brand\" href=\"/\">清零</a></div></nav>"
        + $"<main class=\"container py-2\" id=\"main\"><h1 class=\"h4\">{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p>"
        + "<p class=\"d-flex gap-3\" id=\"way-back\"><a href=\"/\">返回总览</a><a href=\"/Search\">查找农户</a><a href=\"/Account/Login\">重新登录</a></p></main></body></html>";

    /// <summary>
    /// The problems of a handler's refusal, one per line on a form: the handlers say "未保存：甲；乙" in one message (as the
    /// command line prints it), and a page lists 甲 and 乙.
    /// </summary>
    public static IReadOnlyList<string> Problems(string message)
    {
        var colon = message.IndexOf('：');
        return colon < 0 ? [message] : message[(colon + 1)..].Split('；', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>For pages.</summary>
    public static ContentResult Page(int status, string title, string message) =>
        new() { StatusCode = status, ContentType = "text/html; charset=utf-8", Content = Html(title, message) };

    /// <summary>For middleware: a problem document under /api and /export, a page elsewhere.</summary>
    public static Task Write(HttpContext context, int status, string title, string message)
    {
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/export"))
            return context.Response.WriteAsJsonAsync(new { title, status, detail = message }, Json, "application/problem+json; charset=utf-8");
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Html(title, message));
    }
}
