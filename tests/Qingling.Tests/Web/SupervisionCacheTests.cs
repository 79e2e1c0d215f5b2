using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Qingling.Data.Demo;
using Qingling.Data.Plans;
using Qingling.Data.Supervision;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>
/// 督办 (/Supervision) counts each village's alerts from the town's integrity checks, which read the whole town: the
/// page takes them from the figures cache, so views without a data change run the checks once, and a change runs them again.
/// </summary>
public sealed class SupervisionCacheTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Two_views_without_a_data_change_run_the_integrity_checks_once_and_a_change_runs_them_again(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        ServeCommand.EnsureDemoAccounts(db.Store);
        await using var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        var client = new HttpClient(new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        await WebFixture.SignIn(client, "admin", ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        var handler = new SupervisionHandler(db.Store, plan, "测试");
        // A write first, so nothing derived before it (signing in shows a page) can be served.
        handler.Send("芒来村", "核实刚过线户", new DateOnly(2023, 7, 15), new DateOnly(2023, 6, 30));
        var runs = app.Services.GetRequiredService<IntegrityRuns>();
        var before = runs.Count;

        var first = await client.GetAsync("/Supervision");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstHtml = await first.Content.ReadAsStringAsync();
        Assert.Contains("核实刚过线户", firstHtml);
        Assert.Equal("1", OpenReminders(firstHtml, "芒来村"));
        var second = await client.GetAsync("/Supervision");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("1", OpenReminders(await second.Content.ReadAsStringAsync(), "芒来村"));
        Assert.Equal(before + 1, runs.Count);

        // The board itself is kept per data version: the next 督办 is counted on the very next view.
        handler.Send("芒来村", "补齐走访记录", new DateOnly(2023, 7, 20), new DateOnly(2023, 6, 30));
        var third = await (await client.GetAsync("/Supervision")).Content.ReadAsStringAsync();
        Assert.Contains("补齐走访记录", third);
        Assert.Equal("2", OpenReminders(third, "芒来村"));
        Assert.Equal(before + 2, runs.Count);
    }

    /// <summary>The board's 未办结督办 cell of one owner's row.</summary>
    static string OpenReminders(string html, string owner)
    {
        var row = System.Text.RegularExpressions.Regex.Match(html, $"<tr data-owner=\"{owner}\">(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(row.Success, $"the board has a row for {owner}");
        var cells = System.Text.RegularExpressions.Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>", System.Text.RegularExpressions.RegexOptions.Singleline);
        return cells[7].Groups[1].Value.Trim();
    }
}
