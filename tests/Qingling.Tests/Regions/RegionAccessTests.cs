using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Demo;
using Qingling.Core.Regions;
using Qingling.Core.Users;
using Qingling.Data.Demo;
using Qingling.Data.Export;
using Qingling.Data.Import;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Users;
using Qingling.Web.Web;

namespace Qingling.Tests.Regions;

/// <summary>
/// Region accounts (乡村振兴局) over the demo town plus six made-up towns in two counties of another city: a county
/// account sees its county's households and no other, and changes nothing.
/// </summary>
public sealed class RegionAccessTests : IAsyncDisposable
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    const string Password = "Region2023check";

    readonly List<IAsyncDisposable> _apps = [];
    readonly List<TestDatabase> _dbs = [];

    sealed record Scenario(WebApplication App, TestDatabase Db, string County, string InCounty, string OtherCounty, string Demo);

    async Task<Scenario> Start(string provider)
    {
        var db = TestDatabase.WithDemo(provider);
        _dbs.Add(db);
        ServeCommand.EnsureDemoAccounts(db.Store);
        var path = Path.Combine(db.Folder, "region.csv");
        var generator = new RegionGenerator(4, 2022, 6, 2);
        ExportFileWriter.Write(path, generator.Generate(600));
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(path, new ImportOptions(2022)).Outcome);
        var county = generator.Profile(0).County;
        var users = new UserHandler(db.Store, "测试");
        users.Add("county", "县乡村振兴局", Role.Region, Password, region: county);
        users.Add("countyid", "县乡村振兴局（可查证件号）", Role.Region, Password, canUnmask: true, region: county);
        users.Add("city", "市乡村振兴局", Role.Region, Password, region: "合成市");

        using var c = db.Store.CreateContext();
        var tree = c.Regions.AsNoTracking().ToList();
        var countyId = tree.Single(r => r.Name == county).Id;
        var inCounty = RegionTree.Villages(tree, countyId);
        var households = c.Households.AsNoTracking().Select(h => new { h.Code, h.VillageId }).ToList();
        var city = RegionTree.Villages(tree, tree.Single(r => r.Name == "合成市").Id);
        var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        _apps.Add(app);
        return new Scenario(app, db, county,
            households.First(h => inCounty.Contains(h.VillageId)).Code,
            households.First(h => city.Contains(h.VillageId) && !inCounty.Contains(h.VillageId)).Code,
            households.First(h => !city.Contains(h.VillageId)).Code);
    }

    static async Task<HttpClient> Client(Scenario s, string user, string? password = null)
    {
        var client = new HttpClient(new CookieContainerHandler { InnerHandler = s.App.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        var signIn = await Qingling.Tests.Web.WebFixture.SignIn(client, user, password ?? Password);
        Assert.True(signIn.IsSuccessStatusCode || signIn.StatusCode == HttpStatusCode.Redirect, $"{user}: {signIn.StatusCode}");
        return client;
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_county_account_lands_on_its_region_and_is_refused_the_towns_own_pages(string provider)
    {
        var s = await Start(provider);
        var county = await Client(s, "county");
        var home = await county.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Regions", home.Headers.Location?.OriginalString);
        // Pages and data with a town or village scope and no region one: the whole town's cards, rounds, tasks, trace.
        foreach (var path in new[] { "/Assessment", "/Screening", "/Mine", "/Supervision", "/Showcase", "/Trace", "/Integrity", "/Reviews",
                     "/Quarter", "/Plan", "/Measures", "/Funds", "/Import", "/export/indicators.xlsx", "/export/measures.xlsx", "/api/progress", "/api/charts", "/api/measures" })
            Assert.True(HttpStatusCode.Forbidden == (await county.GetAsync(path)).StatusCode, $"{path} answered a county account");
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync("/Regions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/Households/{s.InCounty}")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_county_account_sees_its_county_only_and_the_city_its_city(string provider)
    {
        var s = await Start(provider);
        var county = await Client(s, "county");
        foreach (var (code, expected) in new[] { (s.InCounty, HttpStatusCode.OK), (s.OtherCounty, HttpStatusCode.NotFound), (s.Demo, HttpStatusCode.NotFound) })
        {
            Assert.Equal(expected, (await county.GetAsync($"/Households/{code}")).StatusCode);
            Assert.Equal(expected, (await county.GetAsync($"/api/households/{code}")).StatusCode);
        }
        var city = await Client(s, "city");
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync($"/Households/{s.OtherCounty}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/api/households/{s.Demo}")).StatusCode);
        // The town's own accounts are as before: the administrator sees the made-up towns too.
        var admin = await Client(s, "admin", ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/households/{s.InCounty}")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_region_account_cannot_post_anything_but_may_ask_for_an_id_number_with_the_permission(string provider)
    {
        var s = await Start(provider);
        var county = await Client(s, "county");
        var token = await Qingling.Tests.Web.WebFixture.Token(county, $"/Households/{s.InCounty}");
        Assert.NotEmpty(token);
        FormUrlEncodedContent Form(params (string, string)[] fields) =>
            new(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));
        foreach (var url in new[]
        {
            $"/Households/{s.InCounty}?handler=Add", $"/Households/{s.InCounty}?handler=Status", $"/Households/{s.InCounty}?handler=Explain",
            "/Screening?handler=Visit", "/Screening?handler=Round", "/Measures?handler=Status", "/Reviews?handler=Hold", "/Reviews?handler=Task",
            "/Import", "/Integrity?handler=Dismiss", "/Supervision?handler=Send", "/Mine?handler=Done", "/Trace/Verify",
        })
            Assert.True(HttpStatusCode.Forbidden == (await county.PostAsync(url, Form(("code", s.InCounty)))).StatusCode, url);
        var api = await Qingling.Tests.Web.WebFixture.WithApiToken(county);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/measures/1/status", new { status = "done" })).StatusCode);

        // ID numbers: as for the towns — without the permission refused, with it shown and traced; out of scope not found.
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync($"/api/households/{s.InCounty}/id-numbers", null)).StatusCode);
        var permitted = await Qingling.Tests.Web.WebFixture.WithApiToken(await Client(s, "countyid"));
        Assert.Equal(HttpStatusCode.OK, (await permitted.PostAsync($"/api/households/{s.InCounty}/id-numbers", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await permitted.PostAsync($"/api/households/{s.Demo}/id-numbers", null)).StatusCode);
        using var c = s.Db.Store.CreateContext();
        Assert.Contains(c.AuditEntries.AsNoTracking().Where(a => a.Summary.Contains(s.InCounty)).Select(a => a.Actor).ToList(), a => a.StartsWith("countyid", StringComparison.Ordinal));

        // Signing out is still allowed.
        var logoutToken = await Qingling.Tests.Web.WebFixture.Token(county, $"/Households/{s.InCounty}");
        var logout = await county.PostAsync("/Account/Logout", new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", logoutToken)]));
        Assert.NotEqual(HttpStatusCode.Forbidden, logout.StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_region_page_and_its_workbook_keep_to_the_accounts_region(string provider)
    {
        var s = await Start(provider);
        using var c = s.Db.Store.CreateContext();
        var tree = Qingling.Data.Regions.RegionQuery.Tree(c);
        var codes = RegionTree.Codes(tree);
        var county = tree.Single(r => r.Name == s.County);
        var other = tree.Single(r => r.Level == RegionLevel.County && r.Name != s.County && codes[r.Id].StartsWith("9908", StringComparison.Ordinal));
        var towns = tree.Where(r => r.ParentId == county.Id).Select(r => r.Name).ToList();

        var client = await Client(s, "county");
        // The county account lands on its county: rolled-up figures, one row per town, each opening the town.
        var home = await client.GetAsync("/Regions");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = await home.Content.ReadAsStringAsync();
        Assert.Contains($"区域汇总：{s.County}", html);
        Assert.All(towns, t => Assert.Contains($">{t}</a>", html));
        Assert.DoesNotContain(other.Name, html);
        Assert.Contains("href=\"/Regions\"", html);
        var town = tree.Single(r => r.Name == towns[0]);
        var townPage = await client.GetStringAsync($"/Regions/{codes[town.Id]}?year=2022");
        // A village row opens the town's own 清零对象 list, filtered to it.
        Assert.Matches("/Targets\\?Year=2022&(amp;)?Village=", townPage);
        foreach (var outside in new[] { codes[other.Id], codes[county.ParentId!.Value], "990000000000", "990926000000", "不存在" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Regions/{outside}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/export/region.xlsx?region={outside}&year=2022")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Regions?year=2019")).StatusCode);

        // The workbook: title row, the level's sheet, one row per town and the total.
        var xlsx = await client.GetAsync($"/export/region.xlsx?region={codes[county.Id]}&year=2022");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var file = Path.Combine(s.Db.Folder, "county.xlsx");
        await File.WriteAllBytesAsync(file, await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["县级汇总表"], MiniExcelLibs.MiniExcel.GetSheetNames(file));
        var rows = MiniExcelLibs.MiniExcel.Query(file).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();
        Assert.Contains(s.County, (string)rows[0][0]!);
        Assert.Equal("区划", rows[1][0]);
        Assert.Equal(towns.Order().ToList(), rows.Skip(2).SkipLast(1).Select(r => (string)r[0]!).Order().ToList());
        Assert.Equal("合计", rows[^1][0]);
        Assert.Equal(rows.Skip(2).SkipLast(1).Sum(r => Convert.ToInt32(r[2])), Convert.ToInt32(rows[^1][2]));
        Assert.Contains(c.AuditEntries.AsNoTracking().Select(a => a.Summary).ToList(), a => a.Contains("县级汇总表"));

        // The city account sees both counties; the town's leader the whole tree; a village cadre no region.
        var city = await Client(s, "city");
        var cityPage = await city.GetStringAsync("/Regions");
        Assert.Contains($">{other.Name}</a>", cityPage);
        Assert.Contains($">{s.County}</a>", cityPage);
        var leader = await Client(s, "leader", ServeCommand.DemoAccounts.Single(a => a.Name == "leader").Password);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/Regions/{codes[other.Id]}")).StatusCode);
        var cadre = await Client(s, "manglai", ServeCommand.DemoAccounts.Single(a => a.Name == "manglai").Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync("/Regions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync($"/export/region.xlsx?region={codes[county.Id]}&year=2022")).StatusCode);
    }

    /// <summary>The page shows the villages' project funds of the year: a card, a column per child region and the total.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task The_region_page_shows_the_years_project_funds(string provider)
    {
        var s = await Start(provider);
        int year;
        decimal expected;
        using (var c = s.Db.Store.CreateContext())
        {
            var years = c.Projects.AsNoTracking().Where(p => p.VillageId != null).Select(p => p.Year).Distinct().ToList();
            year = years.Where(y => c.IncomeEntries.Any(e => e.Year == y)).Max();
            expected = c.Projects.AsNoTracking().Where(p => p.VillageId != null && p.Year == year).AsEnumerable().Sum(p => p.Amount);
        }
        Assert.True(expected > 0, "the demo's villages should have project funds");
        var leader = await Client(s, "leader", ServeCommand.DemoAccounts.Single(a => a.Name == "leader").Password);
        var html = await leader.GetStringAsync($"/Regions?year={year}");
        var cells = System.Text.RegularExpressions.Regex.Matches(html, "<td class=\"num\" data-funds>([^<]*)</td>")
            .Select(m => decimal.Parse(m.Groups[1].Value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(cells.Count >= 2, "a cell per child region and the total");
        Assert.Equal(expected, cells[^1]);
        Assert.Equal(cells[^1], cells.SkipLast(1).Sum());
        Assert.Contains($"{expected.ToString("#,##0.##", System.Globalization.CultureInfo.InvariantCulture)}元", html[html.IndexOf("id=\"funds\"", StringComparison.Ordinal)..]);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_region_account_needs_a_county_city_or_province_that_exists(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var users = new UserHandler(db.Store, "测试");
        Assert.Contains("须指定区划", Assert.Throws<InvalidOperationException>(() => users.Add("r1", "", Role.Region, Password)).Message);
        Assert.Contains("没有名为“不存在县”的区划", Assert.Throws<InvalidOperationException>(() => users.Add("r2", "", Role.Region, Password, region: "不存在县")).Message);
        Assert.Contains("不是县、市或省", Assert.Throws<InvalidOperationException>(() => users.Add("r3", "", Role.Region, Password, region: "勐永镇")).Message);
        Assert.Contains("只有区域账号", Assert.Throws<InvalidOperationException>(() => users.Add("r4", "", Role.Leader, Password, region: "耿马傣族佤族自治县")).Message);
        Assert.Equal(Role.Region, users.Add("r5", "", Role.Region, Password, region: "990926000000").Role);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        foreach (var db in _dbs) db.Dispose();
    }
}
