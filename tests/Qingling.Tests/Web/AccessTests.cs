using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>The role table: what each role gets, in scope and out of scope, for pages and API alike.</summary>
public class AccessTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>
    /// A household of 芒来村 with measures of 镇农业农村服务中心 and of another department (in scope for the manglai
    /// and nongye accounts), one of 勐永社区 with none of 镇农业农村服务中心's (out of scope for both), and two measures.
    /// </summary>
    async Task<(string InScope, string OutOfScope, long NongyeMeasure, long OtherMeasure)> Scenario(string provider)
    {
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        var villages = c.Regions.AsNoTracking().Where(r => r.Level == Core.Regions.RegionLevel.Village).ToDictionary(r => r.Name, r => r.Id);
        var measures = c.Measures.AsNoTracking().ToList();
        var households = c.Households.AsNoTracking().ToList();
        bool Has(long household, Func<Measure, bool> which) => measures.Any(m => m.HouseholdId == household && which(m));
        var inScope = households.First(h => h.VillageId == villages["芒来村"]
            && Has(h.Id, m => m.Department == "镇农业农村服务中心") && Has(h.Id, m => m.Department != "镇农业农村服务中心"));
        var outOfScope = households.First(h => h.VillageId == villages["勐永社区"] && Has(h.Id, _ => true) && !Has(h.Id, m => m.Department == "镇农业农村服务中心"));
        // Two measures of its own for the test that changes them, so no other test depends on their status.
        var db2 = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db2.Store, "测试").Get(null);
        var handler = new Qingling.Data.Measures.MeasureHandler(db2.Store, plan, "测试");
        Qingling.Data.Measures.MeasureInput Input(string department) => new()
        {
            Household = inScope.Code, Channel = Channels.Industry, Description = "测试措施", Department = department, Start = new(2023, 3, 1), End = new(2023, 12, 31),
            ConsentOn = new(2023, 2, 1), ConsentHow = "户主签字",
        };
        var nongye = handler.Add(Input("镇农业农村服务中心"));
        var other = handler.Add(Input("镇林业草原服务中心"));
        return (inScope.Code, outOfScope.Code, nongye.Id, other.Id);
    }

    // user, household in or out of scope, expected page status, expected API status
    public static TheoryData<string, string, bool, HttpStatusCode> Table => Expand(
    [
        ("admin", true, HttpStatusCode.OK), ("admin", false, HttpStatusCode.OK),
        ("leader", true, HttpStatusCode.OK), ("leader", false, HttpStatusCode.OK),
        ("audit", true, HttpStatusCode.OK), ("audit", false, HttpStatusCode.OK),
        ("manglai", true, HttpStatusCode.OK), ("manglai", false, HttpStatusCode.NotFound),
        ("nongye", true, HttpStatusCode.OK), ("nongye", false, HttpStatusCode.NotFound),
    ]);

    static TheoryData<string, string, bool, HttpStatusCode> Expand((string User, bool InScope, HttpStatusCode Status)[] rows)
    {
        var data = new TheoryData<string, string, bool, HttpStatusCode>();
        foreach (var provider in TestDatabase.Providers.Select(p => (string)p.Data))
            foreach (var (user, inScope, status) in rows) data.Add(provider, user, inScope, status);
        return data;
    }

    [Theory, MemberData(nameof(Table))]
    public async Task Household_file_page_and_API_follow_the_role_table(string provider, string user, bool inScope, HttpStatusCode expected)
    {
        var (inScopeCode, outOfScopeCode, _, _) = await Scenario(provider);
        var code = inScope ? inScopeCode : outOfScopeCode;
        var client = await web.Client(provider, user);
        Assert.Equal(expected, (await client.GetAsync($"/Households/{code}")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"/api/households/{code}")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"/Households/{code}/Card")).StatusCode);
        var targets = await client.GetFromJsonAsync<List<Qingling.Web.Api.ApiEndpoints.TargetDto>>("/api/targets?year=2022");
        Assert.Equal(expected == HttpStatusCode.OK, targets!.Any(t => t.HouseholdCode == code));
    }

    /// <summary>Every API and export route, with each of its query parameters, as the table's rows: the route, and who gets 200.</summary>
    static IEnumerable<(string Method, string Route, Func<string, bool> Allowed)> Routes(string inScope, string outOfScope)
    {
        const string nongye = "镇农业农村服务中心", other = "镇林业草原服务中心";
        bool All(string _) => true;
        bool Town(string user) => user is "admin" or "leader" or "audit";
        bool ScopedOut(string user) => user is not ("manglai" or "nongye");
        foreach (var q in new[] { "", "?year=2022", "?year=2023" })
        {
            yield return ("GET", "/api/targets" + q, All);
            yield return ("GET", "/export/targets.xlsx" + q, All);
        }
        yield return ("GET", $"/api/households/{inScope}", All);
        yield return ("GET", $"/api/households/{outOfScope}", ScopedOut);
        yield return ("POST", $"/api/households/{inScope}/id-numbers", u => u == "admin");
        yield return ("POST", $"/api/households/{outOfScope}/id-numbers", u => u == "admin");
        foreach (var q in new[] { "", "?date=2023-06-30", "?date=2023-12-31" })
        {
            yield return ("GET", "/api/progress" + q, All);
            yield return ("GET", "/api/charts" + q, All);
            yield return ("GET", "/export/indicators.xlsx" + q, All);
            yield return ("GET", "/export/review.xlsx" + q, Town);
        }
        foreach (var q in new[] { "", $"?department={nongye}", $"?department={other}", "?status=planned", $"?department={other}&status=cancelled" })
        {
            yield return ("GET", "/api/measures" + q, All);
            if (!q.Contains("status")) yield return ("GET", "/export/measures.xlsx" + q, All);
        }
        yield return ("GET", "/api/antiforgery", All);
        yield return ("GET", "/api/openapi.json", All);
    }

    /// <summary>The households each demo account may see, by the rules the product states (not by asking the product).</summary>
    static async Task<(HashSet<string> Hidden, string? Department)> Scope(TestDatabase db, string user)
    {
        var account = Qingling.Web.Serve.ServeCommand.DemoAccounts.Single(a => a.Name == user);
        using var c = db.Store.CreateContext();
        var households = await c.Households.AsNoTracking().Select(h => new { h.Id, h.Code, h.VillageId }).ToListAsync();
        HashSet<long> visible = account.Role switch
        {
            Core.Users.Role.Village => c.Regions.AsNoTracking().Where(r => r.Name == account.Villages).Select(r => r.Id).AsEnumerable()
                .SelectMany(v => households.Where(h => h.VillageId == v).Select(h => h.Id)).ToHashSet(),
            Core.Users.Role.Department => c.Measures.AsNoTracking().Where(m => m.Department == account.Department).Select(m => m.HouseholdId).ToHashSet(),
            _ => households.Select(h => h.Id).ToHashSet(),
        };
        return (households.Where(h => !visible.Contains(h.Id)).Select(h => h.Code).ToHashSet(), account.Department);
    }

    /// <summary>Every text a response holds, split into words: JSON string values, or an Excel sheet's cells with their column titles.</summary>
    static async Task<(List<string> Words, List<string> Departments)> Contents(HttpResponseMessage response)
    {
        var words = new List<string>();
        var departments = new List<string>();
        if (response.Content.Headers.ContentType?.MediaType?.Contains("spreadsheet") == true)
        {
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            foreach (IDictionary<string, object?> row in MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true))
                foreach (var (key, value) in row)
                {
                    if (value is null) continue;
                    words.AddRange(Split(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!));
                    if (key == "责任单位") departments.Add(value.ToString()!);
                }
        }
        else
        {
            void Walk(System.Text.Json.JsonElement e, string? name)
            {
                switch (e.ValueKind)
                {
                    case System.Text.Json.JsonValueKind.Object: foreach (var p in e.EnumerateObject()) Walk(p.Value, p.Name); break;
                    case System.Text.Json.JsonValueKind.Array: foreach (var i in e.EnumerateArray()) Walk(i, name); break;
                    case System.Text.Json.JsonValueKind.String:
                        words.AddRange(Split(e.GetString()!));
                        if (name == "department") departments.Add(e.GetString()!);
                        break;
                }
            }
            var text = await response.Content.ReadAsStringAsync();
            if (text.Length > 0) Walk(System.Text.Json.JsonDocument.Parse(text).RootElement, null);
        }
        return (words, departments);
    }

    static IEnumerable<string> Split(string s) => s.Split([' ', '#', '，', '、', '：', '；', ',', '(', ')', '（', '）'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The role × scope table over every API and export route and each of its parameters: the status each role
    /// gets, no household out of the user's scope in anything returned, and a department's measure lists hold
    /// its own measures only, whatever department it asks for.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Every_API_and_export_route_keeps_to_the_users_scope(string provider)
    {
        var (inScope, outOfScope, _, _) = await Scenario(provider);
        var db = await web.Database(provider);
        var failures = new List<string>();
        foreach (var user in new[] { "admin", "leader", "audit", "manglai", "mengyong", "nongye", "shebao" })
        {
            var (hidden, department) = await Scope(db, user);
            var client = await WebFixture.WithApiToken(await web.Client(provider, user));
            foreach (var (method, route, allowed) in Routes(inScope, outOfScope))
            {
                // Household routes: what the user may see decides, as for the pages.
                var mayAsk = allowed(user) && !(route.StartsWith("/api/households/") && hidden.Contains(route.Split('/')[3]));
                var response = method == "GET" ? await client.GetAsync(route) : await client.PostAsync(route, null);
                if (mayAsk != response.IsSuccessStatusCode) failures.Add($"{user} {method} {route}: {(int)response.StatusCode}");
                if (!response.IsSuccessStatusCode) continue;
                var (words, departments) = await Contents(response);
                if (words.FirstOrDefault(hidden.Contains) is { } leaked) failures.Add($"{user} {method} {route}: 户{leaked}不在其范围内");
                // (A household's file shows all its measures, as the page does; the measure lists are a department's own.)
                if (department is not null && route.Contains("/measures") && departments.FirstOrDefault(d => d != department) is { } foreign)
                    failures.Add($"{user} {method} {route}: 含{foreign}的措施");
            }
        }
        Assert.Empty(failures);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Signed_out_gets_the_sign_in_page_or_401_and_nothing_else(string provider)
    {
        var (mengyong, _, _, _) = await Scenario(provider);
        var client = await web.Client(provider);
        var page = await client.GetAsync($"/Households/{mengyong}");
        Assert.Contains("/Account/Login", page.RequestMessage!.RequestUri!.ToString() + (page.Headers.Location?.ToString() ?? ""));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/targets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/export/targets.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/openapi.json")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_administrators_import_and_only_administrators_and_auditors_read_the_trace(string provider)
    {
        foreach (var (user, import, trace) in new[] { ("admin", true, true), ("audit", false, true), ("leader", false, false), ("mengyong", false, false), ("nongye", false, false) })
        {
            var client = await web.Client(provider, user);
            var importPage = await client.GetAsync("/Import");
            Assert.True(import == importPage.IsSuccessStatusCode, $"{user} /Import {importPage.StatusCode}");
            var tracePage = await client.GetAsync("/Trace");
            Assert.True(trace == tracePage.IsSuccessStatusCode, $"{user} /Trace {tracePage.StatusCode}");
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Changing_a_measure_follows_the_role_table(string provider)
    {
        var (mengyong, _, nongyeMeasure, otherMeasure) = await Scenario(provider);
        async Task<HttpStatusCode> Move(string user, long id) =>
            (await (await WebFixture.WithApiToken(await web.Client(provider, user))).PostAsJsonAsync($"/api/measures/{id}/status", new { status = "cancelled", date = "2023-06-30", evidence = "测试" })).StatusCode;

        Assert.Equal(HttpStatusCode.Forbidden, await Move("leader", nongyeMeasure));
        Assert.Equal(HttpStatusCode.Forbidden, await Move("audit", nongyeMeasure));
        Assert.Equal(HttpStatusCode.NotFound, await Move("mengyong", nongyeMeasure));
        // Another department's measure: forbidden when its household is in view, not found when it is not.
        Assert.Contains(await Move("shebao", nongyeMeasure), new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Equal(HttpStatusCode.Forbidden, await Move("nongye", otherMeasure));
        Assert.Equal(HttpStatusCode.OK, await Move("nongye", nongyeMeasure));
        Assert.Equal(HttpStatusCode.OK, await Move("manglai", otherMeasure));
        var file = await (await web.Client(provider, "admin")).GetFromJsonAsync<Qingling.Web.Api.ApiEndpoints.HouseholdDto>($"/api/households/{mengyong}");
        Assert.Equal("cancelled", file!.Measures.Single(m => m.Id == nongyeMeasure).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Seeing_ID_numbers_unmasked_is_a_permission_and_is_recorded(string provider)
    {
        var (mengyong, _, _, _) = await Scenario(provider);
        var leader = await WebFixture.WithApiToken(await web.Client(provider, "leader"));
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsync($"/api/households/{mengyong}/id-numbers", null)).StatusCode);
        var masked = await leader.GetFromJsonAsync<Qingling.Web.Api.ApiEndpoints.HouseholdDto>($"/api/households/{mengyong}");
        Assert.All(masked!.Members, m => Assert.Contains("********", m.IdNumber));

        var admin = await WebFixture.WithApiToken(await web.Client(provider, "admin"));
        var ids = await (await admin.PostAsync($"/api/households/{mengyong}/id-numbers", null)).Content.ReadFromJsonAsync<List<Qingling.Web.Api.ApiEndpoints.UnmaskedDto>>();
        Assert.All(ids!, m => Assert.True(Core.Households.IdNumber.TryValidate(m.IdNumber, out _, out _)));
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        Assert.Contains(c.AuditEntries.AsNoTracking(), a => a.Entity == "证件号码" && a.Actor.StartsWith("admin") && a.Summary.Contains(mengyong));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_the_owner_or_an_administrator_completes_a_task(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var task = new Qingling.Data.Rhythm.RhythmHandler(db.Store, plan, "测试").AddTask(null, "访问权限测试任务", "镇社会保障服务中心", new DateOnly(2023, 7, 10), []);
        async Task<HttpResponseMessage> Complete(string user)
        {
            var client = await web.Client(provider, user);
            var token = await WebFixture.Token(client, "/"); // every page carries the sign-out form's token
            return await client.PostAsync("/Reviews?handler=Done", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["date"] = "2023-07-01", ["taskId"] = task.Id.ToString(), ["note"] = "已完成", ["__RequestVerificationToken"] = token,
            }));
        }
        foreach (var user in new[] { "nongye", "leader", "audit", "mengyong" }) // another department, readers, a village
        {
            var denied = await Complete(user);
            Assert.True((denied.Headers.Location?.ToString() ?? "").Contains("/Account/Denied"), $"{user}: {denied.StatusCode} {denied.Headers.Location}");
        }
        using (var c = db.Store.CreateContext()) Assert.Equal(Core.Rhythm.TaskStatus.Open, c.Tasks.Single(t => t.Id == task.Id).Status);
        await Complete("shebao");
        using (var c = db.Store.CreateContext()) Assert.Equal(Core.Rhythm.TaskStatus.Done, c.Tasks.Single(t => t.Id == task.Id).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Repeated_wrong_passwords_lock_the_account(string provider)
    {
        var db = await web.Database(provider);
        new Qingling.Web.Users.UserHandler(db.Store, "测试").Add("locktest", "锁定测试", Core.Users.Role.Leader, "Correct2023pass");
        var client = await web.Client(provider);
        for (var i = 0; i < Core.Users.SignInRules.MaxFailures; i++)
            await WebFixture.SignIn(client, "locktest", "wrong-password-1");
        var response = await WebFixture.SignIn(client, "locktest", "Correct2023pass");
        // Locked, but the answer is the same as for a wrong password: it does not tell an outsider the name exists.
        Assert.Contains(Core.Users.SignInRules.Refused, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/targets")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_form_post_without_its_antiforgery_token_is_refused(string provider)
    {
        var (mengyong, _, _, _) = await Scenario(provider);
        var client = await web.Client(provider, "admin");
        var response = await client.PostAsync($"/Households/{mengyong}?handler=Unmask", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
