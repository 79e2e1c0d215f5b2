using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.WebEncoders;
using Qingling.Core.Users;
using Qingling.Data.Database;

namespace Qingling.Web.Web;

/// <summary>Builds the web application: Razor Pages for people, /api for programs, both behind the same sign-in and scope.</summary>
public static class WebApp
{
    public static WebApplication Build(Store store, IEnumerable<string> urls, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls([.. urls]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Cookie keys are kept in the user's folder; on a server that folder is the service account's, readable by it alone.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // A failed start (busy port) is reported by `serve` in one Chinese line, not as the host's logged stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.AddSingleton(store);
        // Razor would otherwise write every Chinese character as an HTML entity.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.ConfigureFilter(new InputBounds.PageFilter());
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/Denied";
            o.ExpireTimeSpan = SignInRules.SessionTimeout;
            o.SlidingExpiration = true;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Name = "qingling";
            // Secure whenever the request came over HTTPS, including through a trusted reverse proxy (see UseForwardedHeaders).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Programs calling /api get status codes, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
            // A disabled or deleted account, or one whose security stamp changed (sign-out, new password, role or scope), loses
            // every session at its next request.
            o.Events.OnValidatePrincipal = async ctx =>
            {
                var id = long.TryParse(ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var v) ? v : 0;
                if (new Users.UserHandler(store, "").Find(id) is not { } user || user.SecurityStamp != ctx.Principal?.FindFirstValue(Pages.Account.LoginModel.StampClaim))
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                }
            };
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = Api.ApiAntiforgery.Header;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true; // SecurityHeaders sends DENY on every response
        });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<PlanContext>();
        builder.Services.AddSingleton<ImportJobs>();
        builder.Services.AddSingleton<Users.SignInThrottle>();
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "清零 Qingling API";
            doc.Info.Description = "与网页相同的数据和权限：登录后以 Cookie 调用；POST 请求须带请求头 RequestVerificationToken（令牌由 GET /api/antiforgery 取得）。";
            return Task.CompletedTask;
        }));
        configure?.Invoke(builder);
        var settings = WebSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<HeavyWork>();
        builder.Services.AddSingleton<ProgressCache>();
        builder.Services.AddSingleton<TraceCache>();
        builder.Services.AddSingleton<IntegrityRuns>();
        builder.Services.AddHostedService<Regions.PublishingService>();
        builder.Services.Configure<ForwardedHeadersOptions>(o => SecurityHeaders.Configure(o, settings));
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = settings.UploadLimitBytes);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePages(StatusPage);
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRegionReadOnly();
        app.UseUploadLimit(settings);
        app.UseHeavyWorkLimit();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapOpenApi("/api/openapi.json").RequireAuthorization();
        Api.ApiEndpoints.Map(app);
        Exports.ExportEndpoints.Map(app);
        Operations.Health.Map(app);
        return app;
    }

    /// <summary>A bare 4xx or 5xx (a route not found, a refused form, a parameter of the wrong type) gets a Chinese explanation.</summary>
    static Task StatusPage(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var (title, message) = status switch
        {
            400 => ("请求有误", "请求的参数无效或缺失，或表单已过期（请刷新页面后重试）"),
            401 => ("未登录", "请先登录"),
            403 => ("无权访问", "您的账号无权进行此操作"),
            404 => ("没有找到", "要找的内容不存在，或不在您的权限范围内"),
            405 => ("请求方式不支持", "此地址不支持该请求方式"),
            409 => ("修改冲突", "内容已被他人修改，请刷新后重试"),
            413 => ("内容太大", "提交的内容超过上限"),
            415 => ("格式不支持", "请求内容的格式不支持：接口请用 JSON"),
            _ => ("出错了", $"请求未能完成（{status}）"),
        };
        return WebErrors.Write(context.HttpContext, status, title, message);
    }

    static Task Deny(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/export"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
