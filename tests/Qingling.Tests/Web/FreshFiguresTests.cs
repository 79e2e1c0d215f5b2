using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Qingling.Core.Indicators;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Demo;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>
/// Figures are derived once per data change and never served after the data changed: the demo served with one heavy
/// computation at a time and no queue, so a held permit shows whether a request was answered from what was derived
/// (200) or had to compute (503).
/// </summary>
public sealed class FreshFiguresTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    sealed class Served : IAsyncDisposable
    {
        public required TestDatabase Db { get; init; }
        public required WebApplication App { get; init; }

        public async Task<HttpClient> Admin()
        {
            var client = new HttpClient(new CookieContainerHandler { InnerHandler = App.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
            await WebFixture.SignIn(client, "admin", ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // let go of the file before it is removed
            Db.Dispose();
        }
    }

    static async Task<Served> Serve(string provider)
    {
        var db = TestDatabase.WithDemo(provider);
        ServeCommand.EnsureDemoAccounts(db.Store);
        // Served as `qingling serve` serves it: SQLite connections pooled. The test writes through its own, as another process would.
        var served = Store.Open(db.Options.Pooled(), db.KeyFile);
        Assert.Equal(provider == TestDatabase.Sqlite, served.Options.ConnectionString.Contains("Pooling=True", StringComparison.OrdinalIgnoreCase));
        var app = WebApp.Build(served, ["http://127.0.0.1:0"], b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration["Qingling:HeavyConcurrency"] = "1";
            b.Configuration["Qingling:HeavyQueue"] = "0";
        });
        await app.StartAsync();
        return new Served { Db = db, App = app };
    }

    static async Task<decimal?> Value(HttpClient client, string key)
    {
        var response = await client.GetAsync("/api/progress?date=2023-06-30");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<List<JsonElement>>();
        var item = list!.Single(i => i.GetProperty("key").GetString() == key).GetProperty("value");
        return item.ValueKind == JsonValueKind.Null ? null : item.GetDecimal();
    }

    static long Version(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return DataVersion.Current(c);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_page_after_a_write_shows_the_new_figure_and_figures_already_derived_are_served_without_computing(string provider)
    {
        await using var served = await Serve(provider);
        var admin = await served.Admin();
        var plan = new PlanHandler(served.Db.Store, "测试").Get(null);
        // A household under the line on the income recorded so far, with labour, in the plan's population.
        ProgressInput input;
        using (var c = served.Db.Store.CreateContext()) input = ProgressQuery.Build(c, plan, new DateOnly(2023, 6, 30));
        var under = IndicatorCalculator.UnderLine(input.Households, h => h.Recorded, plan.TargetRule);
        var household = input.Households.First(h => h.HouseholdId == under[0].HouseholdId);
        var rhythm = new RhythmHandler(served.Db.Store, plan, "测试");
        var round = rhythm.AddRound(household.Village, new DateOnly(2023, 6, 16), new DateOnly(2023, 6, 30), null);
        // (A round is a write too: the figures are derived after it.)
        var before = await Value(admin, "under-line-households");
        var projectedBefore = await Value(admin, "under-line-projected");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/?date=2023-06-30")).StatusCode);

        var heavy = served.App.Services.GetRequiredService<HeavyWork>();
        using (var held = heavy.Limiter.AttemptAcquire(1))
        {
            Assert.True(held.IsAcquired);
            // Derived already: answered without a computation, though none may start.
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/?date=2023-06-30")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/progress?date=2023-06-30")).StatusCode);

            // A visit records June wages that lift the household over the line: what was derived is no longer served.
            rhythm.AddVisit(new VisitInput
            {
                Round = round.Id, Household = household.Code, On = new DateOnly(2023, 6, 20), Visitors = "测试", Changes = "外出务工",
                Income = [new VisitIncome("工资性", "务工收入", 100_000m, 6)],
            });
            var stale = await admin.GetAsync("/api/progress?date=2023-06-30");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stale.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/?date=2023-06-30")).StatusCode);
        }
        Assert.Equal(before - 1, await Value(admin, "under-line-households"));
        // (June's wages also lift its projection.)
        projectedBefore = await Value(admin, "under-line-projected");

        // A visit that finds a lost job: the projection follows at once.
        var above = input.Households.Where(h => plan.TargetRule.InScope(h.Type, h.Monitoring) && h.Members.Any(m => plan.TargetRule.IsLabour(m.Labour))
                && h.Projected.PerCapitaNetIncome >= plan.IncomeLine && h.HouseholdId != household.HouseholdId)
            .OrderBy(h => h.Projected.PerCapitaNetIncome).First();
        var drop = -2 * (above.Projected.PerCapitaNetIncome!.Value - plan.IncomeLine + 1_000m) * above.Members.Count;
        var otherRound = above.Village == household.Village ? round : rhythm.AddRound(above.Village, new DateOnly(2023, 6, 16), new DateOnly(2023, 6, 30), null);
        rhythm.AddVisit(new VisitInput
        {
            Round = otherRound.Id, Household = above.Code, On = new DateOnly(2023, 6, 21), Visitors = "测试", Changes = "务工中断",
            ExpectedChange = decimal.Round(drop, 2), ExpectedChangeFromMonth = 7,
        });
        Assert.Equal(projectedBefore + 1, await Value(admin, "under-line-projected"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Screening_answers_after_a_change_while_the_heavy_work_limit_is_full(string provider)
    {
        await using var served = await Serve(provider);
        var admin = await served.Admin();
        var plan = new PlanHandler(served.Db.Store, "测试").Get(null);
        var heavy = served.App.Services.GetRequiredService<HeavyWork>();
        using var held = heavy.Limiter.AttemptAcquire(1);
        Assert.True(held.IsAcquired);
        // A new round is a change: the rounds are counted again, and that small read is never refused for the town's figures.
        var round = new RhythmHandler(served.Db.Store, plan, "测试").AddRound("芒来村", new DateOnly(2023, 7, 1), new DateOnly(2023, 7, 15), "限流测试排查");
        var page = await admin.GetAsync("/Screening");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"href=\"/Screening?Round={round.Id}\"", await page.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_data_version_counts_changes_to_data_and_not_readings_or_accounts(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var loaded = Version(db);
        Assert.True(loaded > 0, "loading the demo changes data");

        // Readings traced (an ID number shown, an export) and accounts do not change the figures.
        using (var c = db.Store.CreateContext())
        {
            AuditLog.Add(c, "测试", "查看", "证件号码", "查看完整证件号码");
            AuditLog.Add(c, "测试", "导出", "导出", "导出清零对象");
            c.SaveChanges();
        }
        ServeCommand.EnsureDemoAccounts(db.Store);
        Assert.Equal(loaded, Version(db));

        // A measure's status change does, once, with the change.
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        long id;
        using (var c = db.Store.CreateContext()) id = c.Measures.First(m => m.Status == Core.Measures.MeasureStatus.Planned).Id;
        new MeasureHandler(db.Store, plan, "测试").Move(id, Core.Measures.MeasureStatus.UnderWay, new DateOnly(2023, 6, 1), "已开工");
        Assert.Equal(loaded + 1, Version(db));

        // A change refused (rolled back) does not.
        Assert.ThrowsAny<Exception>(() => new MeasureHandler(db.Store, plan, "测试").Move(id, Core.Measures.MeasureStatus.Planned, new DateOnly(2023, 6, 2), "", expectedVersion: -1));
        Assert.Equal(loaded + 1, Version(db));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_charts_come_apart_from_the_page_with_a_trend_equal_to_each_month_ends_figures(string provider)
    {
        await using var served = await Serve(provider);
        var admin = await served.Admin();
        var page = await admin.GetStringAsync("/?date=2023-06-30");
        Assert.Contains("data-url=\"/api/charts?date=2023-06-30\"", page);
        Assert.DoesNotContain("\"counts\"", page); // the page does not carry the chart data

        var charts = await admin.GetFromJsonAsync<JsonElement>("/api/charts?date=2023-06-30");
        Assert.Equal(["1月", "2月", "3月", "4月", "5月", "6月"], charts.GetProperty("months").EnumerateArray().Select(m => m.GetString()));
        var bands = charts.GetProperty("bands").EnumerateArray().Select(b => b.GetString()).ToList();
        Assert.Contains("3,000", bands);
        Assert.Equal("10,000", bands[charts.GetProperty("lineBand").GetInt32()]);
        Assert.DoesNotContain(bands, b => b!.Contains('千'));
        foreach (var s in charts.GetProperty("trend").EnumerateArray())
        {
            var data = s.GetProperty("data").EnumerateArray().ToList();
            Assert.Equal(6, data.Count);
            if (s.GetProperty("unit").GetString() is "户" or "人")
                Assert.All(data, v => Assert.Equal(decimal.Truncate(v.GetDecimal()), v.GetDecimal()));
        }
        // The trend's March point is what the indicators say at the end of March, computed on its own.
        var march = (await admin.GetFromJsonAsync<List<JsonElement>>("/api/progress?date=2023-03-31"))!;
        foreach (var s in charts.GetProperty("trend").EnumerateArray())
        {
            var name = s.GetProperty("name").GetString();
            var expected = march.Single(i => i.GetProperty("name").GetString() == name).GetProperty("value");
            Assert.Equal(expected.ToString(), s.GetProperty("data")[2].ToString());
        }
        // Another date asks for its own charts; the page keeps its figures.
        var may = await admin.GetFromJsonAsync<JsonElement>("/api/charts?date=2023-05-31");
        Assert.Equal(5, may.GetProperty("months").GetArrayLength());
    }
}
