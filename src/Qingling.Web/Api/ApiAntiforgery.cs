using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Qingling.Web.Api;

/// <summary>
/// CSRF defence for /api: every call that changes data or hands out personal data (any method but GET/HEAD)
/// carries the antiforgery token in the RequestVerificationToken header. A page on another site can make the
/// browser send the sign-in cookie, but cannot read the token, so its POST is refused before anything runs.
/// </summary>
public static class ApiAntiforgery
{
    public const string Header = "RequestVerificationToken";

    public sealed record TokenDto(string HeaderName, string Token);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/antiforgery", Ok<TokenDto> (IAntiforgery antiforgery, HttpContext http) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return TypedResults.Ok(new TokenDto(tokens.HeaderName ?? Header, tokens.RequestToken ?? ""));
        }).WithSummary("防伪令牌：POST 请求须在请求头 RequestVerificationToken 中带上它（与登录 Cookie 一起）");

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return await next(context);
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(title: "缺少防伪令牌", statusCode: StatusCodes.Status400BadRequest,
                detail: $"此请求须在请求头 {Header} 中带上防伪令牌：先以同一登录 Cookie 调用 GET /api/antiforgery 取得令牌");
        }
        return await next(context);
    }
}
