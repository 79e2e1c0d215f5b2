using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Core.Rhythm;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Integrity;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>
/// The alerts the checks write after a change (and moves of alerts that touch no income) change no figure but the alerts':
/// the plan's data, the indicators and the checks' report stay derived, while every count of alerts follows at once.
/// Before, such a write was a data change like any other, and the next view derived the whole town again (20–25 s at
/// 250,000 households).
/// </summary>
public sealed class AlertWritesKeepFiguresTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static (long Data, long Figures) Versions(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return DataVersion.Both(c);
    }

    static int OpenAlertsShown(string page)
    {
        var shown = Regex.Match(page, "id=\"open-alerts\">[^<]*<a href=\"/Integrity\\?Status=open\"><strong>(\\d+)</strong>");
        return shown.Success ? int.Parse(shown.Groups[1].Value) : 0;
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Alerts_written_after_a_change_do_not_make_the_pages_derive_the_figures_again(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        ServeCommand.EnsureDemoAccounts(db.Store);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        // Entries written in after a held review had judged their month: the checks will open back-dated alerts for them.
        Review held;
        using (var c = db.Store.CreateContext())
            held = new RhythmHandler(db.Store, plan, "测试").Hold(ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 6, 15)), ReviewKind.HalfMonthly);
        using (var c = db.Store.CreateContext())
        {
            foreach (var h in c.Households.OrderBy(h => h.Id).Take(3).ToList())
                c.IncomeEntries.Add(new IncomeEntry
                {
                    HouseholdId = h.Id, Year = 2023, Month = 5, Category = IncomeCategory.Wage, Subcategory = "务工收入", Amount = 3_000m,
                    Source = IncomeSource.Manual, RecordedBy = "补录人", RecordedAt = held.HeldAt.AddMinutes(5),
                });
            c.SaveChanges();
        }
        await using var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        var client = new HttpClient(new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        await WebFixture.SignIn(client, "admin", ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password);
        var cache = app.Services.GetRequiredService<ProgressCache>();
        var runs = app.Services.GetRequiredService<IntegrityRuns>();

        // The first view derives the figures and runs the checks; their sync opens the alerts: a change of the alerts only.
        var before = Versions(db);
        await client.GetStringAsync("/?date=2023-06-30");
        var afterSync = Versions(db);
        Assert.True(afterSync.Data > before.Data, "the sync wrote the new alerts");
        Assert.Equal(before.Figures, afterSync.Figures);
        var (data, checks) = (cache.Computed("data"), runs.Count);
        Assert.True(data >= 1 && checks >= 1);

        // The next views: no figure and no check is derived again, and the count of open alerts is the integrity page's.
        var second = await client.GetStringAsync("/?date=2023-06-30");
        var open = Regex.Matches(await client.GetStringAsync("/Integrity?Year=2023&Status=open"), "data-status=\"open\"").Count;
        Assert.True(open >= 3, $"{open} open alerts");
        Assert.Equal(open, OpenAlertsShown(second));
        Assert.Equal((data, checks), (cache.Computed("data"), runs.Count));
        Assert.Equal(afterSync, Versions(db));

        // An alert explained: one fewer open at once, still nothing derived again.
        long id;
        using (var c = db.Store.CreateContext()) id = c.Alerts.AsNoTracking().First(a => a.Year == 2023 && a.Firing && a.Status == AlertStatus.Open).Id;
        new AlertHandler(db.Store, "测试", Role.Admin).Explain(id, "务工证明已核");
        var explained = Versions(db);
        Assert.True(explained.Data > afterSync.Data);
        Assert.Equal(afterSync.Figures, explained.Figures);
        Assert.Equal(open - 1, OpenAlertsShown(await client.GetStringAsync("/?date=2023-06-30")));
        Assert.Equal((data, checks), (cache.Computed("data"), runs.Count));

        // Income changed: a change of the figures, derived again with the checks.
        using (var c = db.Store.CreateContext())
        {
            c.IncomeEntries.First(e => e.Year == 2023 && e.Source == IncomeSource.Manual).Amount += 100m;
            c.SaveChanges();
        }
        Assert.True(Versions(db).Figures > explained.Figures);
        Assert.Contains("id=\"open-alerts\"", await client.GetStringAsync("/?date=2023-06-30"));
        Assert.Equal(data + 1, cache.Computed("data"));
        Assert.Equal(checks + 1, runs.Count);
    }
}
