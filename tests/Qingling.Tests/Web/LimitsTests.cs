using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>The web application with small limits set (1 MB uploads, one heavy page at a time, no queue), to see what happens beyond them.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    TestDatabase? _db;
    WebApplication? _app;

    public async ValueTask InitializeAsync()
    {
        _db = new TestDatabase(TestDatabase.Sqlite);
        new Qingling.Web.Users.UserHandler(_db.Store, "测试").Add("admin", "管理员", Qingling.Core.Users.Role.Admin, ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password);
        _app = WebApp.Build(_db.Store, ["http://127.0.0.1:0"], b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration["Qingling:UploadLimitMB"] = "1";
            b.Configuration["Qingling:HeavyConcurrency"] = "1";
            b.Configuration["Qingling:HeavyQueue"] = "0";
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _db?.Dispose();
    }

    async Task<HttpClient> Admin()
    {
        var client = new HttpClient(new CookieContainerHandler { InnerHandler = _app!.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        await WebFixture.SignIn(client, "admin", ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Password);
        return client;
    }

    async Task<HttpResponseMessage> Upload(HttpClient client, int bytes)
    {
        var token = await WebFixture.Token(client, "/Import");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[bytes]), "file", "大文件.csv" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        return await client.PostAsync("/Import", form);
    }

    [Fact]
    public async Task An_upload_over_the_configured_limit_gets_413_and_a_Chinese_message()
    {
        var admin = await Admin();
        var refused = await Upload(admin, 1_500_000);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("文件太大", text);
        Assert.Contains("超过上限1 MB", text);

        // Under the limit it goes through to the import (which then refuses the content on its own terms).
        var accepted = await Upload(admin, 100_000);
        Assert.True(accepted.IsSuccessStatusCode || accepted.StatusCode == HttpStatusCode.Redirect, accepted.StatusCode.ToString());
    }

    [Fact]
    public async Task Beyond_the_heavy_pages_limit_a_request_gets_503_with_Retry_After()
    {
        var admin = await Admin();
        var heavy = _app!.Services.GetRequiredService<HeavyWork>();
        using (var held = heavy.Limiter.AttemptAcquire(1))
        {
            Assert.True(held.IsAcquired);
            var busy = await admin.GetAsync("/Targets");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(HeavyWork.RetryAfterSeconds), busy.Headers.RetryAfter?.Delta);
            Assert.Contains("系统繁忙", await busy.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/export/targets.xlsx")).StatusCode);
            // Light pages and sign-in are not held up.
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Measures")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Targets")).StatusCode);
    }

    [Fact]
    public void A_bad_setting_is_refused_in_Chinese_at_start()
    {
        var e = Assert.Throws<InvalidOperationException>(() => WebApp.Build(_db!.Store, ["http://127.0.0.1:0"], b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration["Qingling:UploadLimitMB"] = "0";
        }));
        Assert.Contains("UploadLimitMB", e.Message);
        Assert.Contains("之间", e.Message);
        Assert.Throws<InvalidOperationException>(() => WebApp.Build(_db!.Store, ["http://127.0.0.1:0"], b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration["Qingling:TrustedProxies"] = "proxy.example";
        }));
    }
}
