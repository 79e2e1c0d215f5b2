using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Qingling.Tests.Integrity;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>
/// The 诚信预警 page and the household page over a two-year town in 芒来村 with planted paper increases: each role
/// sees the alerts of the households it may see, and nothing else.
/// </summary>
public class IntegrityPageTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_page_that_syncs_the_alerts_at_another_line_makes_the_review_run_the_checks_again(string provider)
    {
        using var db = new TestDatabase(provider);
        IntegrityQueryTests.Load(db);
        ServeCommand.EnsureDemoAccounts(db.Store);
        bool Ensure()
        {
            using var c = db.Store.CreateContext();
            return Qingling.Data.Integrity.AlertsChecked.Ensure(c, 2023, 12_000m);
        }
        // A review at 12,000 yuan: the alerts follow that line, and asked again it trusts them.
        Assert.True(Ensure());
        Assert.False(Ensure());
        var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        try
        {
            // The page brings the alerts in line with its own line (10,000 without a plan): a change of the alerts only,
            // which moves no figure; the review at 12,000 must not trust them any more.
            var admin = await WebFixture.Client(app, "admin");
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Integrity?Year=2023")).StatusCode);
            Assert.True(Ensure());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// An alert explained from the list redirects back to the same list (its form's action carries the page's filters), says
    /// what was done once, and a reload explains nothing twice.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task An_alert_explained_on_its_page_redirects_back_with_the_pages_filters(string provider)
    {
        using var db = new TestDatabase(provider);
        IntegrityQueryTests.Load(db);
        ServeCommand.EnsureDemoAccounts(db.Store);
        var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        try
        {
            var admin = await WebFixture.Client(app, "admin");
            var list = await admin.GetStringAsync("/Integrity?Year=2023&Status=open");
            var form = System.Text.RegularExpressions.Regex.Match(list, "<form method=\"post\" action=\"([^\"]+handler=Explain)\"[^>]*>\\s*<input type=\"hidden\" name=\"id\" value=\"(\\d+)\"");
            Assert.True(form.Success, "an open alert's explain form");
            var action = System.Net.WebUtility.HtmlDecode(form.Groups[1].Value);
            var alert = long.Parse(form.Groups[2].Value);
            Assert.Contains("Year=2023", action);
            Assert.Contains("Status=open", action);
            var token = System.Text.RegularExpressions.Regex.Match(list, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var moved = await admin.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["id"] = alert.ToString(), ["evidence"] = "有工资条", ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
            var location = moved.Headers.Location!.OriginalString;
            Assert.StartsWith("/Integrity?", location);
            Assert.Contains("Year=2023", location);
            Assert.Contains("Status=open", location);
            Assert.Contains("id=\"message\"", await admin.GetStringAsync(location));
            Assert.DoesNotContain("id=\"message\"", await admin.GetStringAsync(location));
            using var check = db.Store.CreateContext();
            Assert.Equal(Core.Integrity.AlertStatus.Explained, check.Alerts.Single(a => a.Id == alert).Status);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Alerts_are_listed_by_village_within_each_users_scope_and_on_the_household_page(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = IntegrityQueryTests.Load(db);
        ServeCommand.EnsureDemoAccounts(db.Store);
        var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        try
        {
            var admin = await WebFixture.Client(app, "admin");
            var page = await admin.GetStringAsync("/Integrity?Year=2023");
            Assert.Contains("诚信预警", page);
            Assert.Contains(town.Pushed, page);
            // The alert names the household's head beside its code (issue #11).
            using (var c = db.Store.CreateContext())
            {
                var id = c.Households.Single(h => h.Code == town.Pushed).Id;
                var head = c.Members.Single(m => m.HouseholdId == id && m.RelationToHead == Core.Households.Member.HeadRelation).Name;
                Assert.Contains($"{town.Pushed}</a></td><td>{head}</td>", page);
            }
            Assert.Contains("刚过收入线", page);
            Assert.Contains("data-village=\"芒来村\"", page);
            Assert.Contains("id=\"bunching\"", page);

            var copies = await admin.GetStringAsync("/Integrity?Year=2023&Kind=copy-paste");
            Assert.All(town.Copies, c => Assert.Contains(c, copies));
            Assert.DoesNotContain($">{town.Pushed}<", copies);

            var bad = await admin.GetAsync("/Integrity?Year=2023&Kind=paper");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("没有预警类型“paper”", await bad.Content.ReadAsStringAsync());

            foreach (var user in new[] { "manglai", "audit", "leader" })
                Assert.Contains(town.Pushed, await (await WebFixture.Client(app, user)).GetStringAsync("/Integrity?Year=2023"));
            foreach (var user in new[] { "mengyong", "nongye" })
            {
                var other = await (await WebFixture.Client(app, user)).GetStringAsync("/Integrity?Year=2023");
                Assert.DoesNotContain(town.Pushed, other);
                Assert.Contains("<strong id=\"alert-count\">0</strong>", other);
            }

            var household = await admin.GetStringAsync($"/Households/{town.Pushed}");
            Assert.Contains("id=\"integrity\"", household);
            Assert.Contains("刚过收入线", household);
            var migrant = await admin.GetStringAsync($"/Households/{town.Migrant}");
            Assert.DoesNotContain("刚过收入线", migrant);
            Assert.DoesNotContain("收入无故大涨", migrant);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
