using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Qingling.Data.Database;
using Qingling.Data.Import;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>
/// The web import previews before it commits: the counts and first rows, then 确认导入 by the same user within the
/// preview's lifetime, on the data it was made on; otherwise a Chinese refusal (4xx) or a fresh preview, and the upload,
/// kept under the data folder meanwhile, is removed.
/// </summary>
public class ImportPreviewWebTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>A clock the test moves by hand: expiry is tested without waiting.</summary>
    sealed class HandClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    sealed class Site : IAsyncDisposable
    {
        public required TestDatabase Db { get; init; }
        public required WebApplication App { get; init; }
        public required HandClock Clock { get; init; }
        public required PreviewScenario Scenario { get; init; }
        public ImportJobs Jobs => App.Services.GetRequiredService<ImportJobs>();

        public async Task<HttpClient> Client(string user, string password)
        {
            var client = new HttpClient(new CookieContainerHandler { InnerHandler = App.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
            await WebFixture.SignIn(client, user, password);
            return client;
        }

        public Task<HttpClient> Admin() => Client("admin", ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password);

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
            Db.Dispose();
        }
    }

    static async Task<Site> Start(string provider)
    {
        var db = new TestDatabase(provider);
        var scenario = new PreviewScenario();
        var v1 = new ImportHandler(db.Store).Run(scenario.V1.WriteCsv(Path.Combine(db.Folder, "v1.csv")), new ImportOptions(2022, null, "测试"));
        Assert.Equal(ImportOutcome.Imported, v1.Outcome);
        ServeCommand.EnsureDemoAccounts(db.Store);
        var clock = new HandClock();
        var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b =>
        {
            b.WebHost.UseTestServer();
            b.Services.AddSingleton(new ImportJobs(clock));
        });
        await app.StartAsync();
        return new Site { Db = db, App = app, Clock = clock, Scenario = scenario };
    }

    /// <summary>Uploads; returns the job the page redirected to, once it has run.</summary>
    static async Task<string> Upload(Site site, HttpClient client, string path, string? year = "2022", string user = "admin")
    {
        var token = await WebFixture.Token(client, "/Import");
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", Path.GetFileName(path));
        if (year is not null) form.Add(new StringContent(year), "year");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var posted = await client.PostAsync("/Import", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return await Finished(site, posted, user);
    }

    static async Task<string> Finished(Site site, HttpResponseMessage redirect, string user = "admin")
    {
        var job = Regex.Match(redirect.Headers.Location!.ToString(), "job=([0-9a-f]+)").Groups[1].Value;
        await site.Jobs.Find(job, user)!.Completion;
        return job;
    }

    static async Task<HttpResponseMessage> Post(HttpClient client, string handler, string job)
    {
        var token = await WebFixture.Token(client, "/Import");
        return await client.PostAsync($"/Import?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["job"] = job, ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>Submits the form on the page that holds the button, as a browser would: its own action and hidden fields only.</summary>
    static async Task<HttpResponseMessage> Click(HttpClient client, string html, string buttonId)
    {
        var form = Regex.Matches(html, "<form[^>]*>.*?</form>", RegexOptions.Singleline).Select(m => m.Value).Single(f => f.Contains($"id=\"{buttonId}\""));
        var action = System.Net.WebUtility.HtmlDecode(Regex.Match(form, "action=\"([^\"]*)\"").Groups[1].Value);
        var fields = Regex.Matches(form, "<input[^>]*type=\"hidden\"[^>]*>").Select(m => m.Value)
            .ToDictionary(i => Regex.Match(i, "name=\"([^\"]*)\"").Groups[1].Value, i => System.Net.WebUtility.HtmlDecode(Regex.Match(i, "value=\"([^\"]*)\"").Groups[1].Value));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    static int Households(Site site) { using var c = site.Db.Store.CreateContext(); return c.Households.Count(); }

    static string[] Uploads(Site site)
    {
        var folder = ImportJobs.UploadFolder(site.Db.Store);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_upload_is_previewed_and_goes_in_only_when_confirmed(string provider)
    {
        await using var site = await Start(provider);
        var admin = await site.Admin();
        var s = site.Scenario;
        var before = Households(site);
        var job = await Upload(site, admin, s.V2.WriteCsv(Path.Combine(site.Db.Folder, "v2.csv")));

        var html = await admin.GetStringAsync($"/Import?job={job}");
        Assert.Contains("新增户2、更新户1、新加入成员1、离开成员1、收入变动户1", html);
        Assert.Contains("id=\"import-confirm\"", html);
        Assert.Contains($"<td>{s.LeavingFrom}</td>", html);
        Assert.Contains($"<td>{s.Leaving}</td>", html);
        Assert.Contains($"<td>{s.Added[0]}</td>", html);
        Assert.Equal(before, Households(site));
        // Kept under the data folder (beside the database and its key), not in the database, until confirmed.
        var kept = Assert.Single(Uploads(site));
        Assert.StartsWith(site.Db.Store.DataFolder, kept);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(kept)!));

        // The page's own 确认导入 button (its form must carry the antiforgery token).
        var confirmed = await Click(admin, html, "import-confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var importJob = await Finished(site, confirmed);
        Assert.NotEqual(job, importJob);
        Assert.Contains("已导入 v2.csv", await admin.GetStringAsync($"/Import?job={importJob}"));
        Assert.Equal(before + 2, Households(site));
        Assert.Empty(Uploads(site));

        // Confirming the same preview again commits nothing twice.
        var again = await Post(admin, "Confirm", job);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已经确认", await again.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_expired_preview_is_refused_in_Chinese_and_its_file_removed(string provider)
    {
        await using var site = await Start(provider);
        var admin = await site.Admin();
        var before = Households(site);
        var job = await Upload(site, admin, site.Scenario.V2.WriteCsv(Path.Combine(site.Db.Folder, "v2.csv")));
        Assert.Single(Uploads(site));

        site.Clock.Now += ImportJobs.PreviewLifetime + TimeSpan.FromSeconds(1);
        var refused = await Post(admin, "Confirm", job);
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Contains("导入预览已过期", await refused.Content.ReadAsStringAsync());
        Assert.Empty(Uploads(site));
        Assert.Equal(before, Households(site));
        Assert.Contains("预览已过期", await admin.GetStringAsync($"/Import?job={job}"));

        var unknown = await Post(admin, "Confirm", new string('0', 32));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("找不到这次导入预览", await unknown.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_the_user_who_previewed_can_confirm(string provider)
    {
        await using var site = await Start(provider);
        new Qingling.Web.Users.UserHandler(site.Db.Store, "测试").Add("admin2", "第二管理员", Qingling.Core.Users.Role.Admin, "Zhenfu-密码-0001");
        var admin = await site.Admin();
        var other = await site.Client("admin2", "Zhenfu-密码-0001");
        var before = Households(site);
        var job = await Upload(site, admin, site.Scenario.V2.WriteCsv(Path.Combine(site.Db.Folder, "v2.csv")));

        var refused = await Post(other, "Confirm", job);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("只有上传并预览该文件的用户才能确认导入", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Import?job={job}")).StatusCode);
        Assert.Equal(before, Households(site));
        // Still the owner's to confirm.
        Assert.Single(Uploads(site));
        var confirmed = await Post(admin, "Confirm", job);
        await Finished(site, confirmed);
        Assert.Equal(before + 2, Households(site));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_preview_of_data_that_changed_since_is_made_again_not_committed(string provider)
    {
        await using var site = await Start(provider);
        var admin = await site.Admin();
        var s = site.Scenario;
        var job = await Upload(site, admin, s.V2.WriteCsv(Path.Combine(site.Db.Folder, "v2.csv")));

        // Meanwhile someone changes the register: the household the preview says joins a member is no longer what it was.
        long version;
        using (var c = site.Db.Store.CreateContext())
        {
            c.Households.Single(h => h.Code == s.IncomeChanged).GroupName = "改过的组";
            c.SaveChanges();
            version = DataVersion.Current(c);
        }
        var before = Households(site);

        var response = await Post(admin, "Confirm", job);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var again = await Finished(site, response);
        Assert.Equal(ImportJobKind.Preview, site.Jobs.Find(again, "admin")!.Kind);
        Assert.Equal(version, site.Jobs.Find(again, "admin")!.Result!.Preview!.DataVersion);
        var html = await admin.GetStringAsync($"/Import?job={again}");
        Assert.Contains("预览之后数据库已有变动，已按最新数据重新预览", html);
        Assert.Contains("id=\"import-confirm\"", html);
        Assert.Equal(before, Households(site));

        var confirmed = await Post(admin, "Confirm", again);
        await Finished(site, confirmed);
        Assert.Equal(before + 2, Households(site));
        Assert.Empty(Uploads(site));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_file_without_a_year_is_sent_to_the_forms_year_field_and_a_bad_file_to_its_rows(string provider)
    {
        await using var site = await Start(provider);
        var admin = await site.Admin();
        var before = Households(site);
        var job = await Upload(site, admin, site.Scenario.V2.WriteCsv(Path.Combine(site.Db.Folder, "noyear.csv")), year: null);
        var html = await admin.GetStringAsync($"/Import?job={job}");
        Assert.Contains("收入年度", html);
        Assert.DoesNotContain("--year", html);
        Assert.Single(Regex.Matches(html, "无法确定收入所属年度"));
        Assert.Contains("数据库未作任何改动", html);

        var bad = site.Scenario.V2;
        bad.Set(1, "劳动技能", "全劳力");
        job = await Upload(site, admin, bad.WriteCsv(Path.Combine(site.Db.Folder, "bad.csv")));
        html = await admin.GetStringAsync($"/Import?job={job}");
        Assert.Contains("数据库未作任何改动", html);
        Assert.Matches($"<td>{bad.FileRow(1)}</td><td>劳动技能</td><td>全劳力</td>", html);
        Assert.DoesNotContain("id=\"import-confirm\"", html);
        Assert.Equal(before, Households(site));
        Assert.Empty(Uploads(site));
    }
}
