using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Qingling.Data.Database;
using Qingling.Data.Demo;
using Qingling.Tests.Support;
using Qingling.Web.Web;

namespace Qingling.Tests.Operations;

/// <summary>`/healthz`: anonymous, no personal data; 503 with a Chinese reason when the schema or the key is wrong.</summary>
public class HealthTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static async Task<(HttpStatusCode Status, string Body)> Get(WebApplication app)
    {
        using var client = app.GetTestServer().CreateClient();
        var response = await client.GetAsync("/healthz");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Healthz_says_ok_only_with_a_current_schema_and_the_right_key(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        await using var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();

        var ok = await Get(app);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Contains("\"status\":\"ok\"", ok.Body);
        Assert.DoesNotContain(db.Folder, ok.Body);
        Assert.DoesNotContain("勐永", ok.Body);

        string last;
        using (var c = db.Store.CreateContext())
        {
            last = c.Database.GetAppliedMigrations().Last();
            c.Database.ExecuteSql($"DELETE FROM \"__EFMigrationsHistory\" WHERE migration_id = {last}");
        }
        var behind = await Get(app);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, behind.Status);
        Assert.Contains("qingling migrate", behind.Body);
        using (var c = db.Store.CreateContext())
            c.Database.ExecuteSql($"INSERT INTO \"__EFMigrationsHistory\" (migration_id, product_version) VALUES ({last}, '10.0.0')");
        Assert.Equal(HttpStatusCode.OK, (await Get(app)).Status);

        using (var c = db.Store.CreateContext())
        {
            c.Settings.Single(s => s.Key == Store.KeyCheckSetting).Value = "0000";
            c.SaveChanges();
        }
        var wrongKey = await Get(app);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, wrongKey.Status);
        Assert.Contains("密钥与数据库不匹配", wrongKey.Body);
        await app.StopAsync();
    }
}
