using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Qingling.Core.Indicators;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Plans;

/// <summary>
/// A county plan's own indicators are evaluated for the whole county: its towns' households, and the 一户一策 and measures
/// made under their town plans. On the demo, whose county has one town, the county plan with the town's indicators gives the
/// town's figures.
/// </summary>
public class CountyPlanFiguresTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>The Mengyong plan as the county's: another key, the region without its town.</summary>
    static string CountyPlan() =>
        Regex.Replace(File.ReadAllText(PlanTests.SamplePath).Replace("\"key\": \"mengyong-2023\"", "\"key\": \"gengma-2023\""), "\"town\"\\s*:\\s*\"[^\"]*\"\\s*,?", "");

    [Theory, MemberData(nameof(Providers))]
    public void The_county_plans_indicators_count_its_towns_plans_and_measures(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plans = new PlanHandler(db.Store, "测试");
        var county = plans.LoadText(CountyPlan(), "county.json").Plan;
        Assert.True(PlanInheritance.IsCountyPlan(county));
        var town = plans.Get("mengyong-2023");
        using var c = db.Store.CreateContext();
        foreach (var date in new[] { new DateOnly(2023, 3, 31), new DateOnly(2023, 6, 30), new DateOnly(2023, 12, 31) })
        {
            var countyInput = ProgressQuery.Build(c, county, date);
            var townInput = ProgressQuery.Build(c, town, date);
            Assert.NotEmpty(townInput.Measures);
            Assert.Equal(townInput.Measures.Count, countyInput.Measures.Count);
            Assert.Equal(townInput.PlanHouseholds.Order(), countyInput.PlanHouseholds.Order());
            var countyResults = IndicatorCalculator.Compute(countyInput).ToDictionary(r => r.Key);
            foreach (var r in IndicatorCalculator.Compute(townInput))
            {
                Assert.True(r.Value == countyResults[r.Key].Value, $"{date} {r.Key}: town {r.Value}, county {countyResults[r.Key].Value}");
                Assert.Equal(r.Met, countyResults[r.Key].Met);
            }
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_plan_page_shows_the_county_plans_own_indicators_beside_the_towns(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        ServeCommand.EnsureDemoAccounts(db.Store);
        // The county's plan counts under 12,000 yuan: its figures are not the town's.
        var text = CountyPlan().Replace("\"incomeLine\": 10000", "\"incomeLine\": 12000")
            .Replace("勐永镇2023年人均纯收入低于1万元以下有劳动力脱贫家庭“清零”方案", "耿马县2023年清零方案");
        new PlanHandler(db.Store, "测试").LoadText(text, "county.json");
        var run = Support.Cli.Run(db.Folder, ["progress", "--plan", "gengma-2023", "--date", "2023-06-30", "--format", "json", .. db.CliArguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        var county = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().Single(i => i.GetProperty("key").GetString() == "under-line-households");
        var name = county.GetProperty("name").GetString()!;
        var value = Show.Value(county.GetProperty("value").GetDecimal(), county.GetProperty("unit").GetString()!);

        await using var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        var client = new HttpClient(new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        await Qingling.Tests.Web.WebFixture.SignIn(client, "admin", ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password);
        string Cell(string page) => Regex.Match(page, "<tr><td>" + Regex.Escape(name) + "</td><td class=\"num\">([^<]*)</td>").Groups[1].Value;

        // The pages work on the town's plan; the plan page names both and shows the county's on asking.
        var town = await client.GetStringAsync("/Plan?date=2023-06-30");
        Assert.Contains("href=\"/Plan?plan=gengma-2023\"", town);
        Assert.DoesNotContain("id=\"other-plan\"", town);
        var page = await client.GetStringAsync("/Plan?plan=gengma-2023&date=2023-06-30");
        Assert.Contains("耿马县2023年清零方案", page);
        Assert.Contains("id=\"other-plan\"", page);
        Assert.Equal(value, Cell(page));
        Assert.NotEqual(Cell(town), Cell(page));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Plan?plan=no-such-plan")).StatusCode);

        // Every role on the county plan's page: the town's readers see every village, a cadre only theirs, a department those
        // its measures reach; a region account reads region pages only (403).
        static HashSet<string> Villages(string page)
        {
            var head = Regex.Match(page, "id=\"plan-indicators\">\\s*<thead>(.*?)</thead>", RegexOptions.Singleline).Groups[1].Value;
            return Regex.Matches(head, "<th class=\"num small\">([^<]*)</th>").Select(m => m.Groups[1].Value).ToHashSet();
        }
        var all = Villages(page);
        Assert.True(all.Count > 1, "the county plan's page lists its villages");
        new Qingling.Web.Users.UserHandler(db.Store, "测试").Add("county", "县乡村振兴局", Core.Users.Role.Region, "Region2023plan", region: "耿马傣族佤族自治县");
        foreach (var (user, password) in ServeCommand.DemoAccounts.Select(a => (a.Name, a.Password)).Append(("county", "Region2023plan")))
        {
            var reader = new HttpClient(new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
            await Qingling.Tests.Web.WebFixture.SignIn(reader, user, password);
            var response = await reader.GetAsync("/Plan?plan=gengma-2023&date=2023-06-30");
            if (user == "county") { Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); continue; }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var seen = Villages(await response.Content.ReadAsStringAsync());
            if (user is "admin" or "leader" or "audit") Assert.Equal(all, seen);
            else if (user == "manglai") Assert.Equal(["芒来村"], seen);
            else if (user == "mengyong") Assert.Equal(["勐永社区"], seen);
            else Assert.True(seen.IsSubsetOf(all) && seen.Count < all.Count, $"{user}: {string.Join("、", seen)}");
        }
    }
}
