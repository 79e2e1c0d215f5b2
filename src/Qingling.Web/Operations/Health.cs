using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Qingling.Data.Database;

namespace Qingling.Web.Operations;

/// <summary>
/// `/healthz` for a monitor or a load balancer: anonymous, so it says nothing about people, nor where files are.
/// 200 when the database answers, its schema is this program's and the key is the one its data was encrypted with.
/// </summary>
public static class Health
{
    public static void Map(WebApplication app) => app.MapGet("/healthz", (Store store) => Check(store)).AllowAnonymous();

    public static IResult Check(Store store)
    {
        try
        {
            using var db = store.CreateContext();
            if (!db.Database.CanConnect()) return Unhealthy("无法连接数据库");
            var pending = db.Database.GetPendingMigrations().ToList();
            if (pending.Count > 0) return Unhealthy($"数据库结构不是最新：有{pending.Count}个待应用的迁移，请运行 qingling migrate");
            var check = db.Settings.AsNoTracking().Where(s => s.Key == Store.KeyCheckSetting).Select(s => s.Value).FirstOrDefault();
            if (check != store.Protector.KeyCheck()) return Unhealthy("密钥与数据库不匹配：证件号码无法读取");
            return Results.Json(new
            {
                status = "ok",
                database = store.Options.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql",
                migration = db.Database.GetAppliedMigrations().LastOrDefault(),
                key = "ok",
            });
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return Unhealthy("数据库不可用");
        }
    }

    static IResult Unhealthy(string reason) =>
        Results.Json(new { status = "error", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
}
