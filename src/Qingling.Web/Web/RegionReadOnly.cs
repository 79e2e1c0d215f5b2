using Qingling.Core.Users;

namespace Qingling.Web.Web;

/// <summary>
/// Region accounts (县、市、省乡村振兴局) read; the towns act. One guard for every form and endpoint, so a handler added
/// later cannot forget it: anything but GET or HEAD from a region account is refused (403), except signing out and
/// asking for an ID number, which is permitted and traced as for the towns' accounts.
/// </summary>
public static class RegionReadOnly
{
    public static IApplicationBuilder UseRegionReadOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.User.Identity?.IsAuthenticated == true && !Allowed(context.Request)
            && context.RequestServices.GetRequiredService<CurrentUser>().User.Role == Role.Region)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next();
    });

    static bool Allowed(HttpRequest request) =>
        request.Path.StartsWithSegments("/Account/Logout")
        || (request.Path.StartsWithSegments("/api/households") && request.Path.Value!.EndsWith("/id-numbers", StringComparison.Ordinal))
        || (request.Path.StartsWithSegments("/Households") && string.Equals(request.Query["handler"], "Unmask", StringComparison.OrdinalIgnoreCase));
}
