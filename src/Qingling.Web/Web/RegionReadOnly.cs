using Qingling.Core.Users;

namespace Qingling.Web.Web;

/// <summary>
/// Region accounts (县、市、省乡村振兴局) read; the towns act. One guard for every form and endpoint, so a handler added
/// later cannot forget it: anything but GET or HEAD from a region account is refused (403), except signing out and
/// asking for an ID number, which is permitted and traced as for the towns' accounts.
/// Reading is limited too, to the pages written for a region's scope (the region page, its towns' target lists, the
/// households in the region, search): the town's other pages (考核, 排查, 我的工作, 督办, …) have a town or village
/// scope and no region one, so a region account gets 403 there rather than a whole town's records.
/// </summary>
public static class RegionReadOnly
{
    public static IApplicationBuilder UseRegionReadOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.RequestServices.GetRequiredService<CurrentUser>().User.Role == Role.Region)
        {
            var reading = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            if (reading && context.Request.Path == "/")
            {
                context.Response.Redirect("/Regions");
                return;
            }
            if (reading ? !Readable(context.Request) : !Allowed(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
        }
        await next();
    });

    static readonly string[] ReadablePaths =
        ["/Regions", "/Households", "/Targets", "/Search", "/Evidence", "/Account", "/Error", "/export/region.xlsx", "/export/targets.xlsx",
         "/api/targets", "/api/households", "/api/antiforgery"];

    static bool Readable(HttpRequest request) => ReadablePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    static bool Allowed(HttpRequest request) =>
        request.Path.StartsWithSegments("/Account/Logout")
        || (request.Path.StartsWithSegments("/api/households") && request.Path.Value!.EndsWith("/id-numbers", StringComparison.Ordinal))
        || (request.Path.StartsWithSegments("/Households") && string.Equals(request.Query["handler"], "Unmask", StringComparison.OrdinalIgnoreCase));
}
