using System.Net;
using Qingling.Core.Measures;
using Qingling.Core.Showcase;
using Qingling.Data.Showcase;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>
/// /Showcase, a case's page, its Word file and printable page, and its actions, for every role in and out of scope: a
/// village sees only its villages' candidates and cases, a department the households its measures touch; staff of the
/// household edit and record consent, admin and leaders approve and publish, the auditor only reads.
/// </summary>
public class ShowcasePageTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    static readonly string[] Users = ["admin", "leader", "audit", "manglai", "mengyong", "nongye", "shebao"];

    /// <summary>The demo's verified household (芒来村), a case drafted for it, and which users' scope holds it.</summary>
    async Task<(string Code, long Case, HashSet<string> InScope)> Scenario(string provider, bool fresh = false)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        using var c = db.Store.CreateContext();
        var householdId = c.Measures.Where(m => m.Status == MeasureStatus.Verified).OrderBy(m => m.Id).Select(m => m.HouseholdId).First();
        var code = c.Households.Where(h => h.Id == householdId).Select(h => h.Code).Single();
        var departments = c.Measures.Where(m => m.HouseholdId == householdId).Select(m => m.Department).Distinct().ToList();
        var inScope = new HashSet<string> { "admin", "leader", "audit", "manglai" };
        if (departments.Contains("镇农业农村服务中心")) inScope.Add("nongye");
        if (departments.Contains("镇社会保障服务中心")) inScope.Add("shebao");
        var existing = c.ShowcaseCases.Where(x => x.HouseholdId == householdId && x.Status == ShowcaseStatus.Draft).OrderBy(x => x.Id).Select(x => (long?)x.Id).FirstOrDefault();
        var id = !fresh && existing is { } e ? e : new ShowcaseHandler(db.Store, plan, "测试").Draft(code, new(2023, 12, 31)).Id;
        return (code, id, inScope);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_role_sees_the_candidates_and_cases_of_its_scope_and_gets_404_for_others(string provider)
    {
        var (code, id, inScope) = await Scenario(provider);
        Assert.Contains("shebao", inScope);
        foreach (var user in Users)
        {
            var client = await web.Client(provider, user);
            var index = await client.GetAsync("/Showcase");
            Assert.True(index.StatusCode == HttpStatusCode.OK, $"{user} /Showcase {index.StatusCode}");
            var html = await index.Content.ReadAsStringAsync();
            Assert.True(inScope.Contains(user) == html.Contains($"data-household=\"{code}\""), $"{user} candidate row");
            Assert.True(inScope.Contains(user) == html.Contains($"data-case=\"{id}\""), $"{user} case row");
            // The scorecard's top villages: town users see them all, a village user only its own, a department none.
            Assert.True((user is "admin" or "leader" or "audit" or "manglai") == html.Contains("data-unit=\"芒来村\""), $"{user} unit row");
            if (user is "mengyong" or "nongye" or "shebao") Assert.DoesNotContain("data-unit=\"芒国村\"", html);

            var expected = inScope.Contains(user) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            foreach (var route in new[] { $"/Showcase/Case/{id}", $"/Showcase/Print/{id}", $"/Showcase/Case/{id}?handler=Docx" })
                Assert.True(expected == (await client.GetAsync(route)).StatusCode, $"{user} {route}");
        }
        var admin = await web.Client(provider, "admin");
        var docx = await admin.GetAsync($"/Showcase/Case/{id}?handler=Docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Showcase/Case/999999")).StatusCode);
    }

    async Task<HttpStatusCode> Post(string provider, string user, string route, Dictionary<string, string>? form = null)
    {
        var client = await web.Client(provider, user);
        var values = new Dictionary<string, string>(form ?? []) { ["__RequestVerificationToken"] = await WebFixture.Token(client, "/Showcase") };
        return (await client.PostAsync(route, new FormUrlEncodedContent(values))).StatusCode;
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Staff_edit_and_record_consent_admin_and_leaders_approve_and_publish_and_nothing_without_consent(string provider)
    {
        var (code, id, inScope) = await Scenario(provider, fresh: true);
        // nongye answers 404 when none of 镇农业农村服务中心's measures touch the household, and works on it when one does.
        // A change that is made redirects (a reload then saves nothing twice).
        var nongye = inScope.Contains("nongye") ? HttpStatusCode.Redirect : HttpStatusCode.NotFound;
        foreach (var (user, status) in new[] { ("audit", HttpStatusCode.Forbidden), ("leader", HttpStatusCode.Forbidden), ("mengyong", HttpStatusCode.NotFound) })
            Assert.True(status == await Post(provider, user, "/Showcase?handler=Draft", new() { ["household"] = code }), $"{user} draft");
        var edit = new Dictionary<string, string> { ["title"] = "茶叶增收的某某家", ["text"] = "一、基本情况\n某某家种茶。" };
        foreach (var (user, status) in new[] { ("leader", HttpStatusCode.Forbidden), ("audit", HttpStatusCode.Forbidden), ("mengyong", HttpStatusCode.NotFound), ("nongye", nongye), ("manglai", HttpStatusCode.Redirect) })
            Assert.True(status == await Post(provider, user, $"/Showcase/Case/{id}?handler=Edit", edit), $"{user} edit");
        Assert.Equal(HttpStatusCode.BadRequest, await Post(provider, "manglai", $"/Showcase/Case/{id}?handler=Edit", new() { ["title"] = "", ["text"] = "" }));

        foreach (var (user, status) in new[] { ("audit", HttpStatusCode.Forbidden), ("manglai", HttpStatusCode.Forbidden), ("shebao", HttpStatusCode.Forbidden), ("mengyong", HttpStatusCode.NotFound) })
            Assert.True(status == await Post(provider, user, $"/Showcase/Case/{id}?handler=Approve"), $"{user} approve");

        var db = await web.Database(provider);
        bool hasConsent;
        using (var c = db.Store.CreateContext())
            hasConsent = c.PublicityConsents.Any(k => c.Households.Any(h => h.Code == code && h.Id == k.HouseholdId));
        if (!hasConsent)
        {
            var leader = await web.Client(provider, "leader");
            var refused = await leader.PostAsync($"/Showcase/Case/{id}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await WebFixture.Token(leader, "/Showcase") }));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("尚未记录同意公开宣传", await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Forbidden, await Post(provider, "audit", $"/Showcase/Case/{id}?handler=Consent", new() { ["on"] = "2023-12-20", ["how"] = "户主签字" }));
            Assert.Equal(HttpStatusCode.NotFound, await Post(provider, "mengyong", $"/Showcase/Case/{id}?handler=Consent", new() { ["on"] = "2023-12-20", ["how"] = "户主签字" }));
            Assert.Equal(HttpStatusCode.BadRequest, await Post(provider, "manglai", $"/Showcase/Case/{id}?handler=Consent", new() { ["on"] = "", ["how"] = "" }));
            Assert.Equal(HttpStatusCode.Redirect, await Post(provider, "manglai", $"/Showcase/Case/{id}?handler=Consent", new() { ["on"] = "2023-12-20", ["how"] = "户主签字" }));
        }
        Assert.Equal(HttpStatusCode.BadRequest, await Post(provider, "leader", $"/Showcase/Case/{id}?handler=Publish"));
        Assert.Equal(HttpStatusCode.Redirect, await Post(provider, "leader", $"/Showcase/Case/{id}?handler=Approve"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(provider, "manglai", $"/Showcase/Case/{id}?handler=Publish"));
        Assert.Equal(HttpStatusCode.Redirect, await Post(provider, "admin", $"/Showcase/Case/{id}?handler=Publish"));

        var published = await (await web.Client(provider, "manglai")).GetStringAsync("/Showcase");
        Assert.Matches($"id=\"published\"[\\s\\S]*data-case=\"{id}\"[\\s\\S]*id=\"candidates\"", published);
        Assert.DoesNotContain($"data-case=\"{id}\"", await (await web.Client(provider, "mengyong")).GetStringAsync("/Showcase"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_supervision_board_lists_the_escalated_items_apart(string provider)
    {
        foreach (var user in new[] { "admin", "leader", "audit", "manglai", "nongye" })
        {
            var html = await (await web.Client(provider, user)).GetStringAsync("/Supervision");
            Assert.Contains("id=\"escalated\"", html);
            Assert.Contains("逾期超过30天、提级督办的事项", html);
        }
    }
}
