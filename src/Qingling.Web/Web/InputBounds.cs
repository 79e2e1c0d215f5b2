using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Qingling.Web.Web;

/// <summary>
/// The range of dates, years and quarters any page or endpoint accepts. Checked once, before any handler runs,
/// so a year of −5 or a date of 9999-12-31 gets a 400 naming the parameter instead of an exception deep in a query.
/// </summary>
public static class InputBounds
{
    public static readonly DateOnly First = new(2000, 1, 1);
    public static readonly DateOnly Last = new(2100, 12, 31);

    /// <summary>Why this parameter's value is refused, or null when it is fine.</summary>
    public static string? Problem(string name, object? value) => value switch
    {
        DateOnly d when d < First || d > Last => $"参数“{name}”的日期{d:yyyy-MM-dd}超出范围，应在{First:yyyy-MM-dd}至{Last:yyyy-MM-dd}之间",
        int y when name.Equals("year", StringComparison.OrdinalIgnoreCase) && (y < First.Year || y > Last.Year) => $"参数“{name}”的年度{y}超出范围，应在{First.Year}至{Last.Year}之间",
        int q when name.Equals("quarter", StringComparison.OrdinalIgnoreCase) && q is < 1 or > 4 => $"参数“{name}”的季度{q}无效，应为1至4",
        _ => null,
    };

    /// <summary>For every page handler: its arguments and bound properties; for a GET, a value that is not of its type too.</summary>
    public sealed class PageFilter : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }
        public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            var problems = context.HandlerArguments.Select(a => Problem(a.Key, a.Value)).ToList();
            foreach (var p in context.ActionDescriptor.BoundProperties)
                problems.Add(Problem(p.Name, context.HandlerInstance.GetType().GetProperty(p.Name)?.GetValue(context.HandlerInstance)));
            // A GET's parameters come from the address: "Year=abc" is a mistake to report, not a value to ignore
            // (a value given but not of its type; a missing one takes the page's default).
            if (HttpMethods.IsGet(context.HttpContext.Request.Method))
                foreach (var (key, entry) in context.ModelState)
                    if (entry is { Errors.Count: > 0, AttemptedValue.Length: > 0 }) problems.Add($"参数“{key}”的值“{entry.AttemptedValue}”无效");
            var first = problems.FirstOrDefault(p => p is not null);
            if (first is not null) context.Result = WebErrors.Page(StatusCodes.Status400BadRequest, "参数有误", first);
        }
    }

    /// <summary>For every /api and /export endpoint: its arguments, named by the handler's parameters.</summary>
    public static async ValueTask<object?> EndpointFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
        for (var i = 0; i < context.Arguments.Count && i < parameters.Length; i++)
        {
            if (Problem(parameters[i].Name ?? "", context.Arguments[i]) is { } problem)
                return Results.Problem(title: "参数有误", detail: problem, statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context);
    }
}
