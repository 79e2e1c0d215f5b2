using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>What a hostile page, a careless client or a proxy in front can do to the web application, and what it gets.</summary>
public class HardeningTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static readonly Regex Chinese = new("[\u4e00-\u9fff]");

    async Task<string> AnyHousehold(string provider)
    {
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        return c.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => h.Code).First();
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_API_post_without_the_antiforgery_header_is_refused_and_gives_nothing(string provider)
    {
        var code = await AnyHousehold(provider);
        var admin = await web.Client(provider, "admin");

        // What a page on another site can make a signed-in browser send: the cookie, a form body, a foreign Origin.
        var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/households/{code}/id-numbers") { Content = new FormUrlEncodedContent([]) };
        forged.Headers.Add("Origin", "https://evil.example");
        var response = await admin.SendAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("99\\d{16}", body);
        Assert.Contains("RequestVerificationToken", body);
        Assert.Matches(Chinese, Regex.Unescape(body));

        var json = await admin.PostAsJsonAsync("/api/measures/1/status", new { status = "cancelled" });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);

        // A token of another user's session is no good either.
        var leader = await WebFixture.WithApiToken(await web.Client(provider, "leader"));
        var stolen = new HttpRequestMessage(HttpMethod.Post, $"/api/households/{code}/id-numbers");
        stolen.Headers.Add("RequestVerificationToken", leader.DefaultRequestHeaders.GetValues("RequestVerificationToken").Single());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(stolen)).StatusCode);

        await WebFixture.WithApiToken(admin);
        var ids = await (await admin.PostAsync($"/api/households/{code}/id-numbers", null)).Content.ReadFromJsonAsync<List<Qingling.Web.Api.ApiEndpoints.UnmaskedDto>>();
        Assert.NotEmpty(ids!);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_response_carries_the_security_headers_and_personal_data_is_not_cached(string provider)
    {
        var code = await AnyHousehold(provider);
        var anonymous = await web.Client(provider);
        var admin = await web.Client(provider, "admin");
        var responses = new List<(string What, HttpResponseMessage Response, bool Personal)>
        {
            ("login", await anonymous.GetAsync("/Account/Login"), false),
            ("api signed out", await anonymous.GetAsync("/api/targets"), false),
            ("static", await anonymous.GetAsync("/site.css"), false),
            ("not found", await admin.GetAsync("/no-such-page"), false),
            ("dashboard", await admin.GetAsync("/"), true),
            ("household", await admin.GetAsync($"/Households/{code}"), true),
            ("card", await admin.GetAsync($"/Households/{code}/Card"), true),
            ("api", await admin.GetAsync($"/api/households/{code}"), true),
            ("export", await admin.GetAsync("/export/targets.xlsx"), true),
        };
        foreach (var (what, r, personal) in responses)
        {
            Assert.True(r.Headers.TryGetValues("Content-Security-Policy", out var csp), what);
            Assert.Contains("script-src 'self';", csp!.Single());
            Assert.Contains("frame-ancestors 'none'", csp!.Single());
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", r.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
            if (personal)
            {
                Assert.True(r.IsSuccessStatusCode, $"{what}: {r.StatusCode}");
                Assert.True(r.Headers.CacheControl?.NoStore, $"{what} is cached");
            }
        }
        Assert.NotEqual(true, responses.Single(r => r.What == "static").Response.Headers.CacheControl?.NoStore);
    }

    /// <summary>The pages run no inline script, so the policy's script-src 'self' breaks nothing.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Pages_hold_no_inline_script(string provider)
    {
        var code = await AnyHousehold(provider);
        var admin = await web.Client(provider, "admin");
        foreach (var page in new[] { "/", "/Targets", "/Measures", "/Screening", "/Reviews", "/Quarter", "/Plan", "/Funds", "/Import", "/Trace", $"/Households/{code}", $"/Households/{code}/Card", "/Mine", "/Search?q=1234",
            "/Assessment", $"/Assessment?period=2023Q2&kind=village&unit={Uri.EscapeDataString("芒来村")}&item=on-time", "/Assessment/Notice?period=2023Q2", "/Supervision" })
        {
            var response = await admin.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{page}: {response.StatusCode} {html}");
            foreach (Match m in Regex.Matches(html, "<script([^>]*)>"))
                Assert.True(m.Groups[1].Value.Contains("src=") || m.Groups[1].Value.Contains("application/json"), $"{page}: {m.Value}");
            Assert.DoesNotMatch("\\son[a-z]+=\"|javascript:", html);
        }
    }

    static async Task<HttpContext> Send(TestServer server, string? from, string? proto) => await server.SendAsync(c =>
    {
        c.Request.Method = "GET";
        c.Request.Path = "/Account/Login";
        if (from is not null) c.Connection.RemoteIpAddress = IPAddress.Parse(from);
        if (proto is not null) c.Request.Headers["X-Forwarded-Proto"] = proto;
    });

    [Theory, MemberData(nameof(Providers))]
    public async Task Cookies_are_secure_over_HTTPS_through_a_trusted_proxy_only(string provider)
    {
        var server = (await web.App(provider)).GetTestServer();
        static string Cookies(HttpContext c) => string.Join("\n", c.Response.Headers.SetCookie.ToArray());

        var proxied = await Send(server, "127.0.0.1", "https");
        Assert.Contains("secure", Cookies(proxied), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("https", proxied.Request.Scheme);

        var plain = await Send(server, "127.0.0.1", null);
        Assert.NotEmpty(Cookies(plain));
        Assert.DoesNotContain("secure", Cookies(plain), StringComparison.OrdinalIgnoreCase);

        // Anyone else claiming HTTPS is not believed.
        var claimed = await Send(server, "203.0.113.9", "https");
        Assert.Equal("http", claimed.Request.Scheme);
    }

    /// <summary>Every page, API and export route with each parameter set to hostile values: never a 5xx, and a refusal says why in Chinese.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Hostile_parameters_never_give_a_server_error(string provider)
    {
        var code = await AnyHousehold(provider);
        var admin = await web.Client(provider, "admin");
        string[] values = ["-5", "0", "1", "5", "999", "99999999999999999999", "9999-12-31", "0001-01-01", "2100-12-31", "2000-01-01", "abc", "", "%00", "1e999", "..", "<x>"];
        (string Route, string[] Parameters)[] routes =
        [
            ("/", ["date"]), ("/Targets", ["Year", "Village", "MaxGap", "Missing", "Sort"]), ("/Measures", ["View", "Department"]),
            ("/Screening", ["Round"]), ("/Reviews", ["date"]), ("/Quarter", ["Year", "Quarter"]), ("/Plan", ["date"]), ("/Funds", ["year"]),
            ("/Trace", ["Entity", "user", "From", "To", "Household", "p", "size"]), ("/Search", ["q"]), ("/Mine", ["x"]),
            ("/Targets?Year=2022", ["p", "size"]), ("/Measures?View=all", ["p", "size"]), ("/Plan/Households?key=under-line-households", ["p", "size", "date", "village"]),
            ("/Integrity", ["Year", "Village", "Kind", "Status"]), ("/Screening?Round=1", ["p", "vp", "size"]), ("/export/trace.xlsx", ["from", "household", "entity"]), ("/Import", ["job"]), ("/Import?handler=Status", ["job"]), ("/Import?handler=Problems", ["id"]),
            ("/Assessment", ["Period", "Kind", "Unit"]), ("/Assessment?handler=Excel", ["Period"]), ("/Assessment/Notice", ["period"]),
            ("/api/targets", ["year"]), ("/api/progress", ["date"]), ("/api/measures", ["department", "status"]),
            ("/export/targets.xlsx", ["year"]), ("/export/indicators.xlsx", ["date"]), ("/export/measures.xlsx", ["department", "view"]), ("/export/review.xlsx", ["date"]),
        ];
        var failures = new List<string>();
        async Task Try(string url)
        {
            var response = await admin.GetAsync(url);
            var status = (int)response.StatusCode;
            if (status >= 500) failures.Add($"{url}: {status}");
            else if (status >= 400 && !Chinese.IsMatch(Regex.Unescape(await response.Content.ReadAsStringAsync()))) failures.Add($"{url}: {status} without a Chinese message");
        }
        foreach (var (route, parameters) in routes)
            foreach (var p in parameters)
                foreach (var v in values)
                    await Try($"{route}{(route.Contains('?') ? '&' : '?')}{p}={Uri.EscapeDataString(v)}");
        await Try("/Quarter?Year=0&Quarter=1");
        await Try("/Quarter?Year=2023&Quarter=9");
        foreach (var v in values.Where(v => v.Length > 0))
        {
            await Try($"/Households/{Uri.EscapeDataString(v)}");
            await Try($"/Households/{Uri.EscapeDataString(v)}/Card");
            await Try($"/api/households/{Uri.EscapeDataString(v)}");
        }
        await Try($"/Households/{code}?handler=Nothing");
        Assert.Empty(failures);

        // The ones the issue names get 400 or 404.
        foreach (var url in new[] { "/Screening?Round=999", "/api/targets?year=-5", "/Targets?Year=0", "/Quarter?Year=0&Quarter=1", "/Reviews?date=9999-12-31" })
            Assert.Contains((await admin.GetAsync(url)).StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
    }

    static IEnumerable<string> EmptyUploadFolders() =>
        Directory.EnumerateDirectories(Path.GetTempPath(), "qingling-upload-*").Where(d => !Directory.EnumerateFileSystemEntries(d).Any());

    [Theory, MemberData(nameof(Providers))]
    public async Task Upload_names_that_name_no_file_are_refused_and_leave_no_folder(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var before = EmptyUploadFolders().ToHashSet();
        foreach (var name in new[] { ".", "..", "...", "../..", "a/..", " " })
        {
            var token = await WebFixture.Token(admin, "/Import");
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent("户编号\n"u8.ToArray());
            form.Add(file, "file", "x.csv");
            // MultipartFormDataContent would quote and sanitise the name; the header is written as a hostile client does.
            file.Headers.Remove("Content-Disposition");
            file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{name}\"");
            form.Add(new StringContent(token), "__RequestVerificationToken");
            var response = await admin.PostAsync("/Import", form);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"“{name}”: {response.StatusCode}");
            Assert.Contains("文件名", await response.Content.ReadAsStringAsync());
        }
        Assert.Empty(EmptyUploadFolders().Except(before));
    }

    async Task<Measure> NewMeasure(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        return new Qingling.Data.Measures.MeasureHandler(db.Store, plan, "测试").Add(new Qingling.Data.Measures.MeasureInput
        {
            Household = await AnyHousehold(provider), Channel = Channels.Industry, Description = "并发测试措施", Department = "镇农业农村服务中心",
            Start = new(2023, 3, 1), End = new(2023, 12, 31), ConsentOn = new(2023, 2, 1), ConsentHow = "户主签字",
        });
    }

    /// <summary>
    /// Sixteen clients move the same measure from 计划 to 实施中 at once, as parallel requests: exactly one wins, the
    /// others are refused (409 when they sent the version they saw; 409 or a refusal of the move otherwise), and the
    /// history holds one change.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Simultaneous_status_changes_lose_no_update(string provider)
    {
        var db = await web.Database(provider);
        foreach (var sendVersion in new[] { true, false })
        {
            var measure = await NewMeasure(provider);
            var clients = new List<HttpClient>();
            for (var i = 0; i < 4; i++) clients.Add(await WebFixture.WithApiToken(await web.Client(provider, "admin")));
            var start = new TaskCompletionSource();
            var requests = Enumerable.Range(0, 16).Select(async i =>
            {
                await start.Task;
                object change = sendVersion
                    ? new { status = "under-way", date = "2023-06-30", evidence = $"第{i}个", version = measure.Version }
                    : new { status = "under-way", date = "2023-06-30", evidence = $"第{i}个" };
                var r = await clients[i % clients.Count].PostAsJsonAsync($"/api/measures/{measure.Id}/status", change);
                return (r.StatusCode, Body: await r.Content.ReadAsStringAsync());
            }).ToList();
            start.SetResult();
            var results = await Task.WhenAll(requests);

            Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
            var refused = results.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
            if (sendVersion) Assert.All(refused, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
            else Assert.All(refused, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.BadRequest }));
            Assert.All(refused.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Contains("刚被他人修改", Regex.Unescape(r.Body)));
            using var c = db.Store.CreateContext();
            Assert.Single(c.MeasureStatusChanges.AsNoTracking().Where(x => x.MeasureId == measure.Id && x.From == MeasureStatus.Planned));
            Assert.Single(c.AuditEntries.AsNoTracking().Where(a => a.Entity == "措施" && a.EntityId == measure.Id && a.Summary.Contains("→")));
            var stored = c.Measures.AsNoTracking().Single(m => m.Id == measure.Id);
            Assert.Equal((MeasureStatus.UnderWay, measure.Version + 1), (stored.Status, stored.Version));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_stale_status_change_from_the_page_gets_409_and_says_why(string provider)
    {
        var measure = await NewMeasure(provider);
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var code = await AnyHousehold(provider);
        var admin = await web.Client(provider, "admin");
        var token = await WebFixture.Token(admin, $"/Households/{code}");
        // Someone else moves it after this page was opened.
        new Qingling.Data.Measures.MeasureHandler(db.Store, plan, "他人").Move(measure.Id, MeasureStatus.UnderWay, new(2023, 6, 1), "");
        var response = await admin.PostAsync($"/Households/{code}?handler=Status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["measureId"] = measure.Id.ToString(), ["status"] = "cancelled", ["date"] = "2023-06-30", ["version"] = measure.Version.ToString(),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("刚被他人修改（现为“实施中”）", await response.Content.ReadAsStringAsync());
        using var c = db.Store.CreateContext();
        Assert.Equal(MeasureStatus.UnderWay, c.Measures.AsNoTracking().Single(m => m.Id == measure.Id).Status);
        // The CLI gets the same exception, an InvalidOperationException: it prints the message and exits 2.
        var stale = Assert.Throws<Qingling.Data.Measures.MeasureConflictException>(() =>
            new Qingling.Data.Measures.MeasureHandler(db.Store, plan, "测试").Move(measure.Id, MeasureStatus.Cancelled, new(2023, 6, 30), "", null, expectedVersion: measure.Version));
        Assert.IsAssignableFrom<InvalidOperationException>(stale);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_heavy_queries_stop_when_the_request_is_abandoned(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (var c = db.Store.CreateContext())
        {
            Assert.ThrowsAny<OperationCanceledException>(() => Qingling.Data.Measures.ProgressQuery.Build(c, plan, new(2023, 6, 30), cancelled.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => Qingling.Data.Rhythm.ReviewPackBuilder.Build(c, plan, new(2023, 6, 30), cancelled.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => Qingling.Data.Rhythm.RhythmQueries.Quarter(c, plan, 2023, 2, cancelled.Token));
        }
        // Through the web: a dashboard request its client has abandoned ends without a page (499, not 200).
        var server = (await web.App(provider)).GetTestServer();
        var cookie = await SignedInCookie(provider);
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/Targets";
            c.Request.Headers.Cookie = cookie;
            c.RequestAborted = cancelled.Token;
        });
        Assert.NotEqual(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.True(context.Response.StatusCode < 500, context.Response.StatusCode.ToString());
    }

    async Task<string> SignedInCookie(string provider)
    {
        var server = (await web.App(provider)).GetTestServer();
        // Sign in without following redirects to read the cookie the browser would keep.
        var raw = new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://localhost") };
        var page = await raw.GetAsync("/Account/Login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Select(v => v.Split(';')[0]).ToList();
        var html = await page.Content.ReadAsStringAsync();
        var formToken = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var login = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "admin", ["Password"] = Qingling.Web.Serve.ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password, ["__RequestVerificationToken"] = formToken,
            }),
        };
        login.Headers.Add("Cookie", string.Join("; ", antiforgery));
        var signedIn = await raw.SendAsync(login);
        return string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(v => v.Split(';')[0]).Where(v => v.StartsWith("qingling=")));
    }
}
