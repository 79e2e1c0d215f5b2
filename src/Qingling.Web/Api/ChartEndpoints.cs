using Microsoft.AspNetCore.Http.HttpResults;
using Qingling.Web.Web;

namespace Qingling.Web.Api;

/// <summary>GET /api/charts: the dashboard's chart data, fetched by the page after it has loaded; same sign-in and scope.</summary>
public static class ChartEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/charts", Results<Ok<DashboardCharts.Charts>, NotFound> (DateOnly? date, PlanContext context) =>
            context.Plan is null ? TypedResults.NotFound() : TypedResults.Ok(DashboardCharts.For(context, date ?? context.AsOf)))
        .WithSummary("总览图表数据（收入分布、渠道覆盖、指标走势）");
}
