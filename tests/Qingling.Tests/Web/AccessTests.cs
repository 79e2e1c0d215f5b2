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
    /// <remarks>
    /// Made once per app and provider (each measure added is a data change, after which every figure is derived
    /// again); the one test that changes the measures asks for its own with <paramref name="fresh"/>.
    /// </remarks>
    async Task<(string InScope, string OutOfScope, long NongyeMeasure, long OtherMeasure)> Scenario(string provider, bool fresh = false)
    {
        if (fresh) return await NewScenario(provider);
        var made = Scenarios.GetOrAdd((web, provider), _ => new Lazy<Task<(string, string, long, long)>>(() => NewScenario(provider)));
        return await made.Value;
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(WebFixture, string), Lazy<Task<(string, string, long, long)>>> Scenarios = new();

    async Task<(string InScope, string OutOfScope, long NongyeMeasure, long OtherMeasure)> NewScenario(string provider)
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

    [Theory, MemberData(nameof(Table))]
    public async Task Household_search_follows_the_role_table(string provider, string user, bool inScope, HttpStatusCode expected)
    {
        var (inScopeCode, outOfScopeCode, _, _) = await Scenario(provider);
        var code = inScope ? inScopeCode : outOfScopeCode;
        var db = await web.Database(provider);
        string head, tail;
        using (var c = db.Store.CreateContext())
        {
            var id = c.Households.AsNoTracking().Single(h => h.Code == code).Id;
            var member = c.Members.AsNoTracking().Where(m => m.HouseholdId == id).OrderBy(m => m.RelationToHead == Core.Households.Member.HeadRelation ? 0 : 1).First();
            (head, tail) = (member.Name, db.Store.Protector.Decrypt(member.IdCipher)[^4..]);
        }
        var client = await web.Client(provider, user);
        foreach (var q in new[] { code, head, tail })
        {
            var page = await client.GetAsync("/Search?q=" + Uri.EscapeDataString(q));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True((expected == HttpStatusCode.OK) == (await page.Content.ReadAsStringAsync()).Contains($"href=\"/Households/{code}\""), $"{user} “{q}”");
        }
    }

    /// <summary>我的工作 opens for every role and lists no household out of the user's scope.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task My_work_keeps_to_the_users_scope(string provider)
    {
        await Scenario(provider);
        var db = await web.Database(provider);
        foreach (var user in new[] { "admin", "leader", "audit", "manglai", "mengyong", "nongye", "shebao" })
        {
            var (hidden, _) = await Scope(db, user);
            var response = await (await web.Client(provider, user)).GetAsync("/Mine");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            var shown = System.Text.RegularExpressions.Regex.Matches(html, "/Households/(\\w+)").Select(m => m.Groups[1].Value).ToList();
            Assert.DoesNotContain(shown, hidden.Contains);
        }
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
        yield return ("GET", "/export/trace.xlsx", u => u is "admin" or "audit");
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
            foreach (IDictionary<string, object?> row in MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2"))
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
        var (mengyong, _, nongyeMeasure, otherMeasure) = await Scenario(provider, fresh: true);
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

    /// <summary>
    /// Working the alerts, role × scope: explaining is for the village's cadres, departments and the administrator;
    /// dismissing for the administrator and auditors; confirming for the administrator, departments and the village's
    /// cadres; a household out of scope is not found; a wrong role is sent to the refusal page.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Working_alerts_follows_the_role_table(string provider)
    {
        var (inScope, outOfScope, _, _) = await Scenario(provider);
        var db = await web.Database(provider);
        long NewAlert(string code)
        {
            using var c = db.Store.CreateContext();
            var h = c.Households.AsNoTracking().Single(x => x.Code == code);
            var a = new Core.Integrity.AlertRecord
            {
                HouseholdId = h.Id, HouseholdCode = code, Village = "", Year = 2023, Kind = Core.Integrity.IntegrityKinds.RoundNumbers,
                EvidenceKey = "access-" + Guid.NewGuid().ToString("N"), Reason = "测试", Evidence = "测试", FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow,
            };
            c.Alerts.Add(a);
            c.SaveChanges();
            return a.Id;
        }
        long Entry(string code)
        {
            using var c = db.Store.CreateContext();
            var id = c.Households.AsNoTracking().Single(x => x.Code == code).Id;
            var e = new Core.Income.IncomeEntry
            {
                HouseholdId = id, Year = 2023, Month = 6, Category = Core.Income.IncomeCategory.Wage, Subcategory = "务工收入", Amount = 100m,
                Source = Core.Income.IncomeSource.Manual, RecordedBy = "测试", RecordedAt = DateTime.UtcNow,
            };
            c.IncomeEntries.Add(e);
            c.SaveChanges();
            return e.Id;
        }
        const string Ok = "ok", Denied = "denied", Missing = "404";
        var rows = new (string User, string Move, bool InScope, string Expected)[]
        {
            ("admin", "Explain", true, Ok), ("manglai", "Explain", true, Ok), ("nongye", "Explain", true, Ok),
            ("leader", "Explain", true, Denied), ("audit", "Explain", true, Denied),
            ("manglai", "Explain", false, Missing), ("nongye", "Explain", false, Missing), ("admin", "Explain", false, Ok),
            ("admin", "Dismiss", true, Ok), ("audit", "Dismiss", true, Ok), ("audit", "Dismiss", false, Ok),
            ("leader", "Dismiss", true, Denied), ("manglai", "Dismiss", true, Denied), ("nongye", "Dismiss", true, Denied),
            ("manglai", "Dismiss", false, Missing),
            ("admin", "ConfirmAlert", true, Ok), ("manglai", "ConfirmAlert", true, Ok), ("nongye", "ConfirmAlert", true, Ok),
            ("leader", "ConfirmAlert", true, Denied), ("audit", "ConfirmAlert", true, Denied),
            ("manglai", "ConfirmAlert", false, Missing), ("mengyong", "ConfirmAlert", true, Missing),
        };
        var failures = new List<string>();
        foreach (var (user, move, scoped, expected) in rows)
        {
            var code = scoped ? inScope : outOfScope;
            var id = NewAlert(code);
            var client = await web.Client(provider, user);
            var token = await WebFixture.Token(client, "/");
            var form = new Dictionary<string, string> { ["id"] = id.ToString(), ["__RequestVerificationToken"] = token, ["evidence"] = "有工资条", ["reason"] = "复核无误", ["note"] = "查实" };
            if (move == "ConfirmAlert") form["entries"] = Entry(code).ToString();
            // Explain and dismiss are offered on both pages; confirm on the household page, where the entries are.
            var page = move == "Dismiss" && user == "audit" ? "/Integrity" : move == "Explain" && user == "manglai" ? "/Integrity" : $"/Households/{code}";
            var response = await client.PostAsync($"{page}?handler={move}", new FormUrlEncodedContent(form));
            var got = response.StatusCode == HttpStatusCode.NotFound ? Missing
                : (response.Headers.Location?.ToString() ?? "").Contains("/Account/Denied") ? Denied
                // A move redirects back to the page it was made on (a reload moves nothing twice).
                : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().StartsWith(page, StringComparison.Ordinal) ? Ok
                : $"{(int)response.StatusCode}";
            if (got != expected) failures.Add($"{user} {move} {(scoped ? "本范围" : "范围外")}: {got}，应为{expected}");
            using var c = db.Store.CreateContext();
            var status = c.Alerts.AsNoTracking().Single(a => a.Id == id).Status;
            if ((status != Core.Integrity.AlertStatus.Open) != (expected == Ok)) failures.Add($"{user} {move}: 状态为{status}");
        }
        Assert.Empty(failures);
    }
    /// 考核 (/Assessment) by role: town users see every ranking and the printable notice; a village cadre sees their own
    /// village's card (and only it, in the page and the Excel file), a department its own; another unit's card is 404.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task The_assessment_page_its_export_and_notice_follow_the_role_table(string provider)
    {
        await Scenario(provider);
        var failures = new List<string>();
        foreach (var user in new[] { "admin", "leader", "audit", "manglai", "nongye" })
        {
            var client = await web.Client(provider, user);
            var town = user is "admin" or "leader" or "audit";
            var page = await client.GetAsync("/Assessment?period=2023Q2");
            var html = await page.Content.ReadAsStringAsync();
            if (page.StatusCode != HttpStatusCode.OK) { failures.Add($"{user} /Assessment: {(int)page.StatusCode}"); continue; }
            if (town != html.Contains("class=\"table table-sm table-striped ranking\"")) failures.Add($"{user}: ranking shown={!town}");
            var own = user switch { "manglai" => "芒来村", "nongye" => "镇农业农村服务中心", _ => null };
            if (own is not null && !html.Contains($"data-unit=\"{own}\"")) failures.Add($"{user}: own card {own} missing");
            if (own is not null && html.Contains("勐永社区")) failures.Add($"{user}: another village shown");
            if (user is "manglai" or "leader")
            {
                // The drill-down of the own (or any, for town users) card lists the facts behind the item, each linked to its household.
                var drill = await (await client.GetAsync($"/Assessment?period=2023Q2&kind=village&unit={Uri.EscapeDataString("芒来村")}&item=targets")).Content.ReadAsStringAsync();
                var facts = System.Text.RegularExpressions.Regex.Matches(drill, "data-fact=\"household\">[^<]*<a href=\"/Households/(\\w+)\"").Select(m => m.Groups[1].Value).ToList();
                if (facts.Count == 0) failures.Add($"{user}: the 芒来村 targets item lists no household");
                var db = await web.Database(provider);
                using var c = db.Store.CreateContext();
                var manglai = c.Regions.Single(r => r.Name == "芒来村").Id;
                var ofVillage = c.Households.Where(h => h.VillageId == manglai).Select(h => h.Code).ToHashSet();
                if (facts.Any(f => !ofVillage.Contains(f))) failures.Add($"{user}: the 芒来村 drill-down lists another village's household");
            }
            var other = await client.GetAsync($"/Assessment?period=2023Q2&kind=village&unit={Uri.EscapeDataString("勐永社区")}&item=on-time");
            if ((other.StatusCode == HttpStatusCode.OK) != town) failures.Add($"{user} 勐永社区 card: {(int)other.StatusCode}");
            var excel = await client.GetAsync("/Assessment?handler=Excel&period=2023Q2");
            if (excel.StatusCode != HttpStatusCode.OK) failures.Add($"{user} Excel: {(int)excel.StatusCode}");
            else
            {
                using var stream = new MemoryStream(await excel.Content.ReadAsByteArrayAsync());
                var units = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2").Select(r => (string)((IDictionary<string, object?>)r)["单位"]!).Distinct().ToList();
                if (own is not null && !units.SequenceEqual([own])) failures.Add($"{user} Excel units: {string.Join("、", units)}");
                if (town && !units.Contains("勐永社区")) failures.Add($"{user} Excel lacks 勐永社区");
            }
            var notice = await client.GetAsync("/Assessment/Notice?period=2023Q2");
            if ((notice.StatusCode == HttpStatusCode.OK) != town) failures.Add($"{user} notice: {(int)notice.StatusCode}");
            var bad = await client.GetAsync("/Assessment?period=2023-05");
            if (bad.StatusCode != HttpStatusCode.BadRequest || !(await bad.Content.ReadAsStringAsync()).Contains("考核周期为季度")) failures.Add($"{user} bad period: {(int)bad.StatusCode}");
        }
        Assert.Empty(failures);
    }

    /// <summary>
    /// 督办 (/Supervision) by role: town users see every department and village; only the administrator sends; a village or
    /// department sees its own row and the 督办 sent to it, and only the recipient reports one done.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task The_supervision_page_follows_the_role_table(string provider)
    {
        await Scenario(provider);
        async Task<HttpResponseMessage> Post(HttpClient client, string handler, Dictionary<string, string> form)
        {
            form["__RequestVerificationToken"] = await WebFixture.Token(client, "/Supervision");
            return await client.PostAsync($"/Supervision?handler={handler}", new FormUrlEncodedContent(form));
        }
        var admin = await web.Client(provider, "admin");
        var sent = await Post(admin, "Send", new() { ["recipient"] = "芒来村", ["subject"] = "督办测试：补齐未走访户", ["deadline"] = "2023-07-10" });
        // Sent, it redirects (a reload sends nothing twice); the page it lands on says what was sent.
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var html = await admin.GetStringAsync(sent.Headers.Location!.OriginalString);
        var id = System.Text.RegularExpressions.Regex.Match(html, "督办#(\\d+)").Groups[1].Value;
        Assert.NotEmpty(id);
        var refused = await Post(admin, "Send", new() { ["recipient"] = "镇彩票站", ["subject"] = "", ["deadline"] = "2023-07-10" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("既不是方案的责任单位", await refused.Content.ReadAsStringAsync());

        var leader = await web.Client(provider, "leader");
        var leaderPage = await leader.GetStringAsync("/Supervision");
        Assert.Contains("data-owner=\"勐永社区\"", leaderPage);
        Assert.DoesNotContain("id=\"send\"", leaderPage);
        Assert.NotEqual(HttpStatusCode.OK, (await Post(leader, "Send", new() { ["recipient"] = "芒来村", ["subject"] = "x", ["deadline"] = "2023-07-10" })).StatusCode);

        var nongye = await web.Client(provider, "nongye");
        var nongyePage = await nongye.GetStringAsync("/Supervision");
        Assert.Contains("data-owner=\"镇农业农村服务中心\"", nongyePage);
        Assert.DoesNotContain("data-owner=\"芒来村\"", nongyePage);
        Assert.DoesNotContain("督办测试", nongyePage);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(nongye, "Done", new() { ["id"] = id, ["note"] = "越权办结" })).StatusCode);

        var manglai = await web.Client(provider, "manglai");
        var manglaiPage = await manglai.GetStringAsync("/Supervision");
        Assert.Contains("督办测试：补齐未走访户", manglaiPage);
        Assert.DoesNotContain("data-owner=\"勐永社区\"", manglaiPage);
        var done = await Post(manglai, "Done", new() { ["id"] = id, ["note"] = "已全部走访" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("办结：已全部走访", await manglai.GetStringAsync(done.Headers.Location!.OriginalString));
    }
}
