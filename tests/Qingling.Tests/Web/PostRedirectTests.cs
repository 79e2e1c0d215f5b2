using System.Net;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Data.Showcase;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>
/// Forms that change something redirect after they succeed, so a reload (or the browser's back and forward) sends
/// nothing twice, and the page says what was done once, after the redirect; a refused form keeps what was typed and
/// names every problem at once. 督办, 典型案例, and a status refused on the household page (诚信预警 worked from its page: IntegrityPageTests).
/// </summary>
public class PostRedirectTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static async Task<HttpResponseMessage> Post(HttpClient client, string page, string route, Dictionary<string, string> form)
    {
        var values = new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = await WebFixture.Token(client, page) };
        return await client.PostAsync(route, new FormUrlEncodedContent(values));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_sent_supervision_redirects_and_a_reload_sends_nothing_twice(string provider)
    {
        var db = await web.Database(provider);
        var admin = await web.Client(provider, "admin");
        int Count() { using var c = db.Store.CreateContext(); return c.Reminders.Count(); }
        var before = Count();
        var sent = await Post(admin, "/Supervision", "/Supervision?handler=Send",
            new() { ["recipient"] = "芒来村", ["subject"] = "补录6月务工收入", ["deadline"] = "2023-07-15" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/Supervision", sent.Headers.Location!.OriginalString);
        Assert.Equal(before + 1, Count());
        var after = await admin.GetStringAsync("/Supervision");
        Assert.Contains("已向芒来村发出督办#", after);
        // The message is said once; the reload of the page it landed on sends nothing.
        Assert.DoesNotContain("已向芒来村发出督办#", await admin.GetStringAsync("/Supervision"));
        Assert.Equal(before + 1, Count());

        // Refused: every problem at once, and what was typed is still there.
        var refused = await Post(admin, "/Supervision", "/Supervision?handler=Send", new() { ["recipient"] = "镇农业农村服务中心", ["subject"] = "核实茶叶收购价", ["deadline"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请填写办结期限", html);
        Assert.Contains("value=\"核实茶叶收购价\"", html);
        Assert.Contains("<option selected=\"selected\">镇农业农村服务中心</option>", html);
        var both = await (await Post(admin, "/Supervision", "/Supervision?handler=Send", new() { ["recipient"] = "无此单位", ["subject"] = " ", ["deadline"] = "" })).Content.ReadAsStringAsync();
        Assert.Contains("既不是方案的责任单位", both);
        Assert.Contains("请写明督办事项", both);
        Assert.Contains("请填写办结期限", both);
        Assert.Equal(before + 1, Count());

        // The village reports it done: redirected too, and said once.
        long id;
        using (var c = db.Store.CreateContext()) id = c.Reminders.AsNoTracking().Where(r => r.Recipient == "芒来村" && r.DoneOn == null).Max(r => r.Id);
        var manglai = await web.Client(provider, "manglai");
        var done = await Post(manglai, "/Supervision", "/Supervision?handler=Done", new() { ["id"] = id.ToString(), ["note"] = "已补录" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains($"督办#{id}已办结", await manglai.GetStringAsync("/Supervision"));
        using (var c = db.Store.CreateContext()) Assert.NotNull(c.Reminders.AsNoTracking().Single(r => r.Id == id).DoneOn);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_refused_status_change_on_the_household_page_keeps_the_typed_date_and_evidence(string provider)
    {
        var db = await web.Database(provider);
        long measureId;
        string code;
        DateOnly start;
        int version;
        using (var c = db.Store.CreateContext())
        {
            var m = c.Measures.AsNoTracking().Where(x => x.Status == MeasureStatus.Planned).OrderBy(x => x.Id).First();
            (measureId, start, version) = (m.Id, m.Start, m.Version);
            code = c.Households.AsNoTracking().Single(h => h.Id == m.HouseholdId).Code;
        }
        var admin = await web.Client(provider, "admin");
        var early = start.AddDays(-40).ToString("yyyy-MM-dd");
        var refused = await Post(admin, $"/Households/{code}", $"/Households/{code}?handler=Status", new()
        {
            ["measureId"] = measureId.ToString(), ["status"] = "underway", ["date"] = early, ["evidence"] = "已签订务工合同", ["version"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{early}\"", html);
        Assert.Contains("value=\"已签订务工合同\"", html);
        using var check = db.Store.CreateContext();
        Assert.Equal(MeasureStatus.Planned, check.Measures.AsNoTracking().Single(m => m.Id == measureId).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_refused_case_edit_keeps_the_typed_text_and_a_saved_one_redirects(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        string code;
        using (var c = db.Store.CreateContext())
        {
            var householdId = c.Measures.Where(m => m.Status == MeasureStatus.Verified).OrderBy(m => m.Id).Select(m => m.HouseholdId).First();
            code = c.Households.Where(h => h.Id == householdId).Select(h => h.Code).Single();
        }
        var id = new ShowcaseHandler(db.Store, plan, "测试").Draft(code, new(2023, 12, 31)).Id;
        var manglai = await web.Client(provider, "manglai");
        var refused = await Post(manglai, "/Showcase", $"/Showcase/Case/{id}?handler=Edit", new() { ["title"] = "", ["text"] = "一、基本情况\n这是刚写的正文，不能丢。" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("这是刚写的正文，不能丢。", await refused.Content.ReadAsStringAsync());

        var saved = await Post(manglai, "/Showcase", $"/Showcase/Case/{id}?handler=Edit", new() { ["title"] = "种茶增收的一家", ["text"] = "一、基本情况\n种茶。" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/Showcase/Case/{id}", saved.Headers.Location!.OriginalString);
        Assert.Contains("已保存为第", await manglai.GetStringAsync($"/Showcase/Case/{id}"));
    }
}
