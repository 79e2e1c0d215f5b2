using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Qingling.Data.Demo;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>
/// The web application over the demo town, one per database, in memory (TestServer); each client signs in
/// as one of the demo accounts and keeps its cookie.
/// </summary>
public sealed class WebFixture : IAsyncDisposable
{
    readonly Dictionary<string, (TestDatabase Db, WebApplication App)> _apps = [];
    readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<WebApplication> App(string provider)
    {
        await _lock.WaitAsync();
        try
        {
            if (_apps.TryGetValue(provider, out var existing)) return existing.App;
            var db = TestDatabase.WithDemo(provider);
            ServeCommand.EnsureDemoAccounts(db.Store);
            var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b =>
            {
                b.WebHost.UseTestServer();
                b.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFilter>();
            });
            await app.StartAsync();
            _apps[provider] = (db, app);
            return app;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<TestDatabase> Database(string provider)
    {
        await App(provider);
        return _apps[provider].Db;
    }

    public async Task<HttpClient> Client(string provider, string? user = null) => await Client(await App(provider), user);

    /// <summary>A client of an app in memory that keeps its cookie, signed in as a demo account (or not, without one).</summary>
    public static async Task<HttpClient> Client(WebApplication app, string? user)
    {
        var handler = new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        if (user is not null) await SignIn(client, user, ServeCommand.DemoAccounts.Single(a => a.Name == user).Password);
        return client;
    }

    public static async Task<HttpResponseMessage> SignIn(HttpClient client, string user, string password)
    {
        var token = await Token(client, "/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>As an API client does: fetch the antiforgery token for the signed-in user and send it on every call.</summary>
    public static async Task<HttpClient> WithApiToken(HttpClient client)
    {
        var token = await client.GetFromJsonAsync<Qingling.Web.Api.ApiAntiforgery.TokenDto>("/api/antiforgery");
        client.DefaultRequestHeaders.Remove(token!.HeaderName);
        client.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
        return client;
    }

    /// <summary>The antiforgery token of a page's form.</summary>
    public static async Task<string> Token(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (db, app) in _apps.Values)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            db.Dispose();
        }
    }
}

/// <summary>
/// TestServer has no client address; a test names one in the X-Test-Client-Address header, as if requests came from
/// different machines (for the per-address sign-in limit).
/// </summary>
sealed class ClientAddressFilter : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
                context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
