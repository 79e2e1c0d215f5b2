using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Data.Queries;
using Qingling.Web.Web;

namespace Qingling.Web.Exports;

/// <summary>Excel exports with Chinese headers. Exports of personal data (households, members) are recorded in the trace.</summary>
public static class ExportEndpoints
{
    public static void Map(WebApplication app)
    {
        var export = app.MapGroup("/export").RequireAuthorization().ExcludeFromDescription().AddEndpointFilter(InputBounds.EndpointFilter);
        MapReview(export);
        TraceExport.Map(export);
        Regions.RegionWorkbook.Map(export);

        // The page's filters (village, gap, missing channel) apply to its export too. The list is read from the database
        // row by row as the workbook is written (TargetQuery): a province's list is hundreds of thousands of rows, and
        // none is kept in memory.
        export.MapGet("/targets.xlsx", (int? year, string? village, decimal? maxGap, string? missing, Store store, CurrentUser current, PlanContext context, HttpContext http) =>
        {
            var plan = context.Plan;
            var y = year ?? plan?.BaselineYear ?? DateTime.Now.Year - 1;
            var place = string.IsNullOrEmpty(village) ? null : village;
            using var db = store.CreateContext();
            var count = 0;
            // The request's token stops the statement and the reading when the download is abandoned.
            var rows = TargetQuery.Stream(db, y, plan?.TargetRule ?? new Core.Targets.TargetRule(), place, plan?.Key, cancel: http.RequestAborted)
                .Where(r => current.CanSee(r.Target.HouseholdId))
                .Where(r => maxGap is not { } gap || r.Target.Gap <= gap).Where(r => string.IsNullOrEmpty(missing) || !r.Channels.Contains(missing))
                .Select(r =>
                {
                    count++;
                    return new Dictionary<string, object?>
                    {
                        ["户编号"] = r.Target.HouseholdCode, ["户主姓名"] = r.Head, ["村（社区）"] = r.Target.Village,
                        ["组"] = r.Group, ["人口"] = r.Target.Persons, ["人均纯收入"] = r.Target.PerCapitaNetIncome,
                        ["距收入线"] = r.Target.Gap, ["劳动力人数"] = r.Target.LabourMembers, ["一户一策"] = r.HasPlan ? "已制定" : "未制定",
                        ["帮扶渠道"] = string.Join("、", r.Channels.Select(Channels.Name)),
                    };
                });
            var filters = string.Join("，", new[] { place, maxGap is { } g ? $"距收入线不超过{g:0.##}元" : null,
                string.IsNullOrEmpty(missing) ? null : $"缺{Channels.Name(missing)}" }.OfType<string>());
            var workbook = XlsxExport.Write(XlsxExport.Title($"{y}年清零对象", plan?.Name, XlsxExport.Scope(current.User, filters), $"{y}年收入", current.User, DateTime.UtcNow),
                rows, "清零对象");
            try
            {
                // Recorded once the rows are written: the trace names how many households left the system.
                Trace(store, current, $"导出{y}年清零对象{count}户" + (place is null ? "" : $"（{village}）"));
            }
            catch
            {
                workbook.Dispose();
                throw;
            }
            return Results.File(workbook, XlsxExport.ContentType, $"清零对象-{y}.xlsx");
        });

        export.MapGet("/indicators.xlsx", (DateOnly? date, PlanContext context, CurrentUser current) =>
        {
            if (context.Plan is null) return Results.NotFound();
            var on = date ?? context.AsOf;
            var results = context.Results(on);
            var villages = results.SelectMany(r => r.ByVillage).Select(b => b.Name).Distinct().ToList();
            var rows = results.Select(r =>
            {
                var row = new Dictionary<string, object?> { ["指标"] = r.Name, ["单位"] = r.Unit, ["目标"] = r.Target, ["全镇"] = r.Value, ["达标"] = r.Judged ? (r.Met ? "是" : "否") : r.Verdict };
                foreach (var v in villages) row[v] = r.ByVillage.FirstOrDefault(b => b.Name == v)?.Value;
                return row;
            }).ToList();
            return XlsxExport.File(XlsxExport.Title("指标按村", context.Plan.Name, XlsxExport.Scope(current.User), $"截至{on:yyyy-MM-dd}", current.User, DateTime.UtcNow),
                rows, $"指标按村-{on:yyyyMMdd}.xlsx", "指标按村");
        });

        // The page's query parameters (View, Department) select the same rows as the page, through the same function.
        export.MapGet("/measures.xlsx", (string? view, string? department, Store store, CurrentUser current, PlanContext context) =>
        {
            if (context.Plan is null) return Results.NotFound();
            // A department exports its own measures only, whatever it asks for, as on the page.
            department = Measures.MeasureList.Department(current, department);
            using var db = store.CreateContext();
            var today = context.AsOf;
            var measures = Measures.MeasureList.Load(db, context.Plan.Key, current, view, department, today);
            var labels = HouseholdLabels.Load(db, measures.Select(r => r.HouseholdId));
            var rows = measures
                .Select(r => new Dictionary<string, object?>
                {
                    ["编号"] = r.Id, ["户编号"] = r.HouseholdCode, ["户主姓名"] = labels.For(r.HouseholdId).Head, ["村（社区）"] = r.Village,
                    ["组"] = labels.For(r.HouseholdId).Group, ["渠道"] = Channels.Name(r.Channel), ["措施"] = r.Description,
                    ["成员"] = r.Member, ["责任单位"] = r.Department, ["责任人"] = r.ResponsiblePerson, ["开始"] = r.Start.ToString("yyyy-MM-dd"),
                    ["结束"] = r.End.ToString("yyyy-MM-dd"), ["预期增收"] = r.ExpectedGain, ["状态"] = MeasureStatuses.Name(r.Status),
                }).ToList();
            Trace(store, current, $"导出帮扶措施{rows.Count}项" + (string.IsNullOrEmpty(department) ? "" : $"（{department}）"));
            var filters = string.Join("，", new[] { Measures.MeasureList.ViewName(view), current.User.Role == Core.Users.Role.Department ? null : department }.OfType<string>());
            return XlsxExport.File(XlsxExport.Title("帮扶措施", context.Plan.Name, XlsxExport.Scope(current.User, filters), $"截至{today:yyyy-MM-dd}", current.User, DateTime.UtcNow),
                rows, $"帮扶措施{(string.IsNullOrEmpty(department) ? "" : "-" + department)}.xlsx", "帮扶措施");
        });
    }

    static void MapReview(RouteGroupBuilder export) =>
        export.MapGet("/review.xlsx", (DateOnly? date, Store store, CurrentUser current, PlanContext context, HttpContext http) =>
        {
            if (context.Plan is null) return Results.NotFound();
            if (!current.User.ReadsEverything) return Results.Forbid();
            var on = date ?? context.AsOf;
            using var db = store.CreateContext();
            // The pack the page shows for the same date (its only filter), from the same cache.
            var pack = ReviewPacks.For(store, context, on);
            var rows = new List<Dictionary<string, object?>>();
            var labels = HouseholdLabels.LoadByCode(db, pack.Entered.Concat(pack.Left).Concat(pack.UnderLineWithoutMeasure).Select(h => h.Code)
                .Concat(pack.Due.Concat(pack.Overdue).Concat(pack.Unverified).Select(m => m.HouseholdCode)));
            void Row(string part, string item, string detail, string? code = null) => rows.Add(new()
            {
                ["部分"] = part, ["事项"] = item, ["户编号"] = code, ["户主姓名"] = code is null ? null : labels.For(code).Head, ["组"] = code is null ? null : labels.For(code).Group, ["情况"] = detail,
            });
            foreach (var i in pack.Indicators) Row("指标", i.Name, $"现在{Show.Value(i.Value, i.Unit)}，上次{Show.Value(i.AtLastReview, i.Unit)}，目标{Show.Value(i.Target, i.Unit)}");
            foreach (var h in pack.Entered) Row("新进入清零名单", h.Code, string.Join("；", h.Reasons), h.Code);
            foreach (var h in pack.Left) Row("退出清零名单", h.Code, string.Join("；", h.Reasons), h.Code);
            foreach (var m in pack.Due) Row("即将到期措施", $"#{m.Id} {m.HouseholdCode}", $"{m.Channel}：{m.Description}，{m.Department}，{m.End:yyyy-MM-dd}", m.HouseholdCode);
            foreach (var m in pack.Overdue) Row("逾期措施", $"#{m.Id} {m.HouseholdCode}", $"{m.Channel}：{m.Description}，{m.Department}，{m.End:yyyy-MM-dd}", m.HouseholdCode);
            foreach (var m in pack.Unverified) Row("待核实措施", $"#{m.Id} {m.HouseholdCode}", $"{m.Channel}：{m.Description}，{m.Department}", m.HouseholdCode);
            foreach (var h in pack.UnderLineWithoutMeasure) Row("无实施中措施", h.Code, h.Village, h.Code);
            foreach (var b in pack.VillagesBehind.Concat(pack.DepartmentsBehind)) Row("进度落后", b.Name, string.Join("；", b.Why));
            foreach (var t in pack.Tasks) Row("任务", $"#{t.Id} {t.Title}", $"{t.Owner}，{t.Due:yyyy-MM-dd}前，{(t.Done ? "已完成" : t.Overdue ? "逾期" : "进行中")}");
            Row("留痕", "链头", Data.Audit.PackHead.Line(db, context.Plan.Key, Core.Rhythm.ReviewKind.HalfMonthly, on, Show.Time));
            Trace(store, current, $"导出{on:yyyy-MM-dd}半月研判材料");
            return XlsxExport.File(XlsxExport.Title("半月研判材料", context.Plan.Name, XlsxExport.Scope(current.User), $"截至{on:yyyy-MM-dd}", current.User, DateTime.UtcNow),
                rows, $"半月研判-{on:yyyyMMdd}.xlsx", "半月研判");
        });

    static void Trace(Store store, CurrentUser current, string summary)
    {
        using var db = store.CreateContext();
        AuditLog.Add(db, current.Actor, AuditLog.Exported, "导出", summary);
        db.SaveChanges();
    }
}
