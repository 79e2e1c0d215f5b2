using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Qingling.Data.Demo;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Browser;

/// <summary>
/// The web app on a real port over the demo town, and Debian's Chromium driven by Playwright. Screenshots go
/// to TestResults/screenshots. Without /usr/bin/chromium the browser tests are skipped (CI installs it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    TestDatabase? _db;
    WebApplication? _app;
    IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public TestDatabase Db => _db!;
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium)) return;
        _db = TestDatabase.WithDemo(TestDatabase.Sqlite);
        ServeCommand.EnsureDemoAccounts(_db.Store);
        _app = WebApp.Build(_db.Store, ["http://127.0.0.1:0"]);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    /// <summary>A signed-in page at a width: desktop 1366×900, phone 390×844.</summary>
    public async Task<IPage> SignedIn(string user, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 },
            Locale = "zh-CN",
            BaseURL = BaseUrl,
        });
        // Behaviour is tested here, not speed (that is measured in bench/): on CI the suite's other classes share the
        // two cores with Chromium, and the first page after a data change derives the figures again, which once took
        // longer than Playwright's default 30 s.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", ServeCommand.DemoAccounts.Single(a => a.Name == user).Password);
        await page.ClickAsync("button[type=submit]");
        try
        {
            await page.WaitForURLAsync(u => !u.Contains("/Account/Login"));
        }
        catch (TimeoutException e)
        {
            // Say what the sign-in page showed instead of moving on: a refusal, a server error, or nothing at all.
            throw new TimeoutException($"{user} 登录后仍停在 {page.Url}：{await page.InnerTextAsync("body")}", e);
        }
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _db?.Dispose();
    }
}
