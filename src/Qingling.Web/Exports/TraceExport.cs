using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Exports;

/// <summary>留痕 export: the lines the page's filters select, before and after field by field, for administrators and auditors.</summary>
public static class TraceExport
{
    public static void Map(RouteGroupBuilder export) =>
        export.MapGet("/trace.xlsx", (string? user, DateOnly? from, DateOnly? to, string? household, string? entity, Store store, CurrentUser current) =>
        {
            if (current.User.Role is not (Role.Admin or Role.Auditor)) return Results.Forbid();
            var filter = new TraceFilter(user, from, to, household, entity);
            using var db = store.CreateContext();
            var q = filter.Apply(db);
            if (q is null) return Results.Problem(title: "参数有误", detail: $"没有户编号为“{household!.Trim()}”的户", statusCode: StatusCodes.Status400BadRequest);
            var rows = q.AsEnumerable().Select(a => new Dictionary<string, object?>
            {
                ["时间"] = Show.Time(a.At), ["操作人"] = a.Actor, ["操作"] = a.Action, ["对象"] = a.Entity, ["内容"] = a.Summary,
                ["修改内容"] = string.Join("\n", TraceView.Fields(a.Before, a.After, TraceView.ExportChars).Where(f => f.Changed).Select(f => $"{f.Name}：{f.Before ?? "—"} → {f.After ?? "—"}")),
            }).ToList();
            var description = filter.Describe();
            using (var log = store.CreateContext())
            {
                AuditLog.Add(log, current.Actor, AuditLog.Exported, "导出", $"导出留痕{rows.Count}条" + (description.Length == 0 ? "" : $"（{description}）"));
                log.SaveChanges();
            }
            var title = XlsxExport.Title("留痕", null, description.Length == 0 ? "全部" : description, Show.Time(DateTime.UtcNow), current.User, DateTime.UtcNow);
            return XlsxExport.File(title, rows, "留痕.xlsx", "留痕");
        });
}
