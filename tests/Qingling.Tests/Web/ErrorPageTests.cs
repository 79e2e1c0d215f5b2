using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>
/// A request that fails inside the app gets the app's own 500 page (its bar, a way back, nothing of the exception), and
/// a refused action the app's own refusal page: the same pipeline the running server has, with one route added that fails.
/// </summary>
public class ErrorPageTests
{
    [Fact]
    public async Task A_failure_inside_the_app_gets_its_own_500_page_and_a_refused_action_its_refusal_page()
    {
        using var db = TestDatabase.WithDemo(TestDatabase.Sqlite);
        ServeCommand.EnsureDemoAccounts(db.Store);
        var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        // A route that fails the way a defect would: the exception must not reach the browser.
        app.MapGet("/test-failure", string () => throw new InvalidOperationException("secret detail: Host=db;Password=x"));
        await app.StartAsync();
        try
        {
            var client = await WebFixture.Client(app, "leader");
            var failed = await client.GetAsync("/test-failure");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            var html = await failed.Content.ReadAsStringAsync();
            Assert.Contains("出错了", html);
            Assert.Contains("id=\"way-back\"", html);
            Assert.Contains("favicon.svg", html);
            Assert.DoesNotContain("secret detail", html);
            Assert.DoesNotContain("InvalidOperationException", html);

            // The leader may not send a 督办: the refusal lands on the app's own page, with a way back.
            var token = await WebFixture.Token(client, "/Supervision");
            var refused = await client.PostAsync("/Supervision?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["recipient"] = "芒来村", ["subject"] = "越权督办", ["deadline"] = "2023-07-10", ["__RequestVerificationToken"] = token,
            }));
            var location = refused.Headers.Location?.OriginalString ?? "";
            Assert.Contains("/Account/Denied", location);
            // (The cookie handler's refusal is a redirect to this page, which then answers 200 with the reason.)
            var denied = await client.GetStringAsync(location);
            Assert.Contains("id=\"way-back\"", denied);
            Assert.Contains("favicon.svg", denied);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
