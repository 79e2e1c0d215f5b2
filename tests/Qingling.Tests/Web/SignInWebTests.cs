using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Qingling.Core.Users;
using Qingling.Tests.Support;
using Qingling.Web.Users;

namespace Qingling.Tests.Web;

/// <summary>
/// Sessions end when they must, the sign-in page tells nobody which names exist, and one client address cannot keep an
/// account locked. A fixture of its own: the per-address count must not be shared with other tests.
/// </summary>
public class SignInWebTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    const string Password = "Chaye2023shou";

    async Task<UserHandler> Users(string provider) => new((await web.Database(provider)).Store, "测试");

    /// <summary>A client that comes from the given address and keeps its own cookie.</summary>
    async Task<HttpClient> From(string provider, string address)
    {
        var app = await web.App(provider);
        var handler = new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        client.DefaultRequestHeaders.Add(ClientAddressFilter.Header, address);
        return client;
    }

    async Task<HttpClient> SignedIn(string provider, string user, string address = "10.0.0.1")
    {
        var client = await From(provider, address);
        await WebFixture.SignIn(client, user, Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/targets?year=2022")).StatusCode);
        return client;
    }

    static async Task<HttpStatusCode> Api(HttpClient client) => (await client.GetAsync("/api/targets?year=2022")).StatusCode;

    [Theory, MemberData(nameof(Providers))]
    public async Task Signing_out_ends_every_session_of_the_user(string provider)
    {
        (await Users(provider)).Add("out1", "签退测试", Role.Leader, Password);
        var office = await SignedIn(provider, "out1");
        var phone = await SignedIn(provider, "out1");
        var token = await WebFixture.Token(office, "/");
        await office.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(office));
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(phone));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_password_reset_a_disabled_account_or_a_new_role_ends_its_sessions(string provider)
    {
        var users = await Users(provider);
        users.Add("reset1", "重设测试", Role.Leader, Password);
        users.Add("off1", "停用测试", Role.Leader, Password);
        users.Add("role1", "改角色测试", Role.Leader, Password);
        var reset = await SignedIn(provider, "reset1");
        var off = await SignedIn(provider, "off1");
        var role = await SignedIn(provider, "role1");

        users.Reset("reset1", "Tea9leaf3hill");
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(reset));
        users.SetDisabled("off1", true);
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(off));
        users.Change("role1", Role.Village, "芒来村", null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(role));

        // Signing in again works for the reset and re-scoped accounts, and for the disabled one once enabled.
        await WebFixture.SignIn(reset, "reset1", "Tea9leaf3hill");
        Assert.Equal(HttpStatusCode.OK, await Api(reset));
        users.SetDisabled("off1", false);
        await WebFixture.SignIn(off, "off1", Password);
        Assert.Equal(HttpStatusCode.OK, await Api(off));
    }

    static string Answer(string html) => Regex.Match(html, "<div class=\"alert alert-danger\" role=\"alert\">([^<]*)</div>").Groups[1].Value;

    [Theory, MemberData(nameof(Providers))]
    public async Task Unknown_locked_and_wrong_get_the_same_answer(string provider)
    {
        var users = await Users(provider);
        users.Add("enum1", "枚举测试", Role.Leader, Password);
        users.Add("enum2", "锁定的账号", Role.Leader, Password);
        var locker = await From(provider, "10.0.1.1");
        for (var i = 0; i < SignInRules.MaxFailures; i++) await WebFixture.SignIn(locker, "enum2", "wrong-Pass-1");
        var client = await From(provider, "10.0.1.2");
        var wrong = await WebFixture.SignIn(client, "enum1", "wrong-Pass-1");
        var unknown = await WebFixture.SignIn(client, "nobody-here", "wrong-Pass-1");
        var locked = await WebFixture.SignIn(client, "enum2", Password);
        var answers = new[] { wrong, unknown, locked };
        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var texts = await Task.WhenAll(answers.Select(async r => Answer(await r.Content.ReadAsStringAsync())));
        Assert.All(texts, t => Assert.Equal(SignInRules.Refused, t));
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(client));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task One_address_cannot_keep_an_account_locked(string provider)
    {
        var users = await Users(provider);
        users.Add("victim", "被锁的管理员", Role.Admin, Password);
        var attacker = await From(provider, "203.0.113.9");
        for (var i = 0; i < SignInRules.AddressMaxFailures; i++)
            Assert.Equal(HttpStatusCode.OK, (await WebFixture.SignIn(attacker, "victim", "wrong-Pass-" + i)).StatusCode);

        // The first lock has run out (moved into the past here rather than waited for): the same address may not start another.
        var db = await web.Database(provider);
        using (var c = db.Store.CreateContext())
            c.Users.Where(u => u.UserName == "victim").ExecuteUpdate(s => s.SetProperty(u => u.LockedUntil, DateTime.UtcNow.AddMinutes(-1)));
        var refused = await WebFixture.SignIn(attacker, "victim", "wrong-Pass-x");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(SignInRules.TooManyFromAddress, Answer(await refused.Content.ReadAsStringAsync()));
        // Even the right password from that address is refused now; the account itself is not touched.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await WebFixture.SignIn(attacker, "victim", Password)).StatusCode);
        using (var c = db.Store.CreateContext())
            Assert.Equal(0, c.Users.AsNoTracking().Single(u => u.UserName == "victim").FailedSignIns);

        // The administrator, elsewhere, signs in.
        var admin = await From(provider, "10.0.2.1");
        await WebFixture.SignIn(admin, "victim", Password);
        Assert.Equal(HttpStatusCode.OK, await Api(admin));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task One_colleagues_typos_do_not_shut_out_an_office_behind_one_address(string provider)
    {
        var users = await Users(provider);
        users.Add("clumsy", "手误的同事", Role.Leader, Password);
        users.Add("colleague", "同一办公室", Role.Leader, Password);
        var office = await From(provider, "198.51.100.20");
        for (var i = 0; i < SignInRules.AddressMaxFailures; i++)
            await WebFixture.SignIn(office, "clumsy", "wrong-Pass-" + i);
        // The clumsy account is refused from this address now; the colleague at the next desk still signs in.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await WebFixture.SignIn(office, "clumsy", "wrong-Pass-x")).StatusCode);
        var colleague = await From(provider, "198.51.100.20");
        await WebFixture.SignIn(colleague, "colleague", Password);
        Assert.Equal(HttpStatusCode.OK, await Api(colleague));

        // Trying name after name from one address still ends at the address's budget.
        var prober = await From(provider, "198.51.100.99");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < SignInRules.AddressMaxFailuresAll + 1; i++)
            answers.Add((await WebFixture.SignIn(prober, "name" + i, "wrong-Pass")).StatusCode);
        Assert.Equal(SignInRules.AddressMaxFailuresAll, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }
}
