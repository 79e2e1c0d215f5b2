using MiniExcelLibs;
using Qingling.Core.Regions;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Regions;

/// <summary>
/// 县级汇总表: one row per town (per county for a city or a province, a province's naming each county's city first), a
/// title row naming the region and year, the columns of `qingling region`, and a 合计 row; the sheet is named after the
/// level (县级汇总表 …).
/// </summary>
public static class RegionWorkbook
{
    const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string SheetName(RegionLevel level) => level switch
    {
        RegionLevel.Province => "省级汇总表", RegionLevel.City => "市级汇总表", RegionLevel.County => "县级汇总表", _ => "乡镇汇总表",
    };

    /// <summary>The title row: the region, the year and who was counted (the rule's line and population, as the figures were counted).</summary>
    /// <param name="projected">The dates the projections and scores were counted on (one date, or on a province its counties' range).</param>
    public static string Title(string path, int year, Core.Targets.TargetRule rule, RegionRollup rollup, string? mixedRules = null, (DateOnly From, DateOnly To)? projected = null) =>
        $"{path}{year}年{SheetName(rollup.Total.Region.Level)}（清零对象：{mixedRules ?? $"人均纯收入低于{rule.IncomeLine:0.##}元的{rule.Population}"}" +
        (projected is { } on ? $"；预计年底仍低于收入线户数按各村方案推算，{RegionView.Label(on.From, on.To)}；村级考核平均分为{RegionView.Scored(on.From, on.To)}" : "") + "）";

    public static void Write(Stream stream, RegionRollup rollup, string title)
    {
        // A province's sheet has a row per county, each naming its city first; every other level a row per child region.
        var cityOf = rollup.Counties?.ToDictionary(c => c.County.Region.Id, c => c.City?.Name);
        var columns = (cityOf is null ? [] : new[] { ("市（州）", (Func<RegionRow, object?>)(r => cityOf.GetValueOrDefault(r.Region.Id))) })
            .Concat(RegionCommand.Columns.Select(c => (c.Title, (Func<RegionRow, object?>)c.Value))).ToList();
        IReadOnlyList<RegionRow> lines = rollup.Counties is { } counties ? counties.Select(c => c.County).ToList() : rollup.Children;
        var keys = columns.Select((_, i) => $"c{i}").ToArray();
        IEnumerable<IDictionary<string, object?>> Rows()
        {
            yield return keys.Select((k, i) => (k, (object?)(i == 0 ? title : null))).ToDictionary(p => p.k, p => p.Item2);
            yield return keys.Select((k, i) => (k, (object?)columns[i].Item1)).ToDictionary(p => p.k, p => p.Item2);
            foreach (var row in lines)
                yield return keys.Select((k, i) => (k, columns[i].Item2(row))).ToDictionary(p => p.k, p => p.Item2);
            var total = rollup.Total with { Region = new Region { Name = "合计" } };
            yield return keys.Select((k, i) => (k, cityOf is not null && i == 0 ? "合计" : cityOf is not null && i == 1 ? null : columns[i].Item2(total))).ToDictionary(p => p.k, p => p.Item2);
        }
        stream.SaveAs(Rows(), printHeader: false, sheetName: SheetName(rollup.Total.Region.Level));
    }

    /// <summary>`/export/region.xlsx?region=&amp;year=`: the page's roll-up, in the user's scope, recorded in the trace.</summary>
    public static void Map(RouteGroupBuilder export) =>
        export.MapGet("/region.xlsx", (string? region, int? year, Store store, CurrentUser current, PlanContext context) =>
        {
            var (view, status) = RegionView.Load(store, current, context, region, year);
            if (view?.Rollup is not { } rollup) return Results.StatusCode(view is null ? status : StatusCodes.Status404NotFound);
            var path = RegionLookup.Path(view.Tree, rollup.Total.Region);
            var stream = new MemoryStream();
            Write(stream, rollup, Title(path, view.Year, view.Rule, rollup, view.MixedRules, view.ProjectedOn is { } from ? (from, view.ProjectedTo ?? from) : null));
            stream.Position = 0;
            using (var db = store.CreateContext())
            {
                AuditLog.Add(db, current.Actor, AuditLog.Exported, "导出", $"导出{path}{view.Year}年{SheetName(rollup.Total.Region.Level)}");
                db.SaveChanges();
            }
            return Results.File(stream, Xlsx, $"{SheetName(rollup.Total.Region.Level)}-{rollup.Total.Region.Name}-{view.Year}.xlsx");
        });
}
