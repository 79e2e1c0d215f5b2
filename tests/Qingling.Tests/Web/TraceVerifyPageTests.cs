using System.Net;
using Qingling.Data.Audit;
using Qingling.Tests.Support;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>The 校验 button of the trace page, and the chain head printed on review and quarterly packs, on the demo town.</summary>
public class TraceVerifyPageTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static async Task<HttpResponseMessage> Verify(HttpClient client, string token) =>
        await client.PostAsync("/Trace/Verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

    [Theory, MemberData(nameof(Providers))]
    public async Task The_auditor_verifies_the_demo_town_from_the_trace_page(string provider)
    {
        var audit = await web.Client(provider, "audit");
        var page = await audit.GetStringAsync("/Trace");
        Assert.Contains("id=\"trace-verify\"", page);
        var result = await Verify(audit, await WebFixture.Token(audit, "/Trace"));
        var html = await result.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Contains("校验通过", html);
        using var db = (await web.Database(provider)).Store.CreateContext();
        var head = TraceHead.Read(db)!.Value;
        Assert.Contains($"第{head.Id}条", html);
        Assert.Contains(head.Hash[..16], html);

        // Without the form's token the POST is refused; a leader may not run it at all.
        Assert.False((await Verify(audit, "")).IsSuccessStatusCode);
        var leader = await web.Client(provider, "leader");
        Assert.False((await Verify(leader, await WebFixture.Token(audit, "/Trace"))).StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public void Verifying_is_heavy_work_and_the_trace_list_is_not()
    {
        Assert.True(HeavyWork.IsHeavy("/Trace/Verify"));
        Assert.False(HeavyWork.IsHeavy("/Trace"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Packs_print_the_chain_head_and_a_held_pack_keeps_the_head_of_its_hold(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var quarter = await admin.GetStringAsync("/Quarter?Year=2023&Quarter=2");
        Assert.Contains("留痕链头（打印时）：第", quarter);

        var token = await WebFixture.Token(admin, "/Reviews?date=2023-06-29");
        var held = await admin.PostAsync("/Reviews?handler=Hold", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = "2023-06-29", ["__RequestVerificationToken"] = token,
        }));
        // Holding redirects back to the pack (a reload holds nothing twice), which then says so.
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        Assert.Contains("本次材料已冻结", await admin.GetStringAsync(held.Headers.Location!.ToString()));
        long holdEntry;
        string holdHash;
        using (var db = (await web.Database(provider)).Store.CreateContext())
        {
            // The hold's own entry (holding also freezes the assessment periods it closes, traced after it).
            var review = db.Reviews.Single(r => r.On == new DateOnly(2023, 6, 29));
            var head = TraceHead.OfReview(db, review.Id)!.Value;
            (holdEntry, holdHash) = (head.Id, head.Hash);
            Assert.Equal("研判", db.AuditEntries.Single(a => a.Id == holdEntry).Entity);
            // Later changes move the head; the held pack still prints the head of its hold.
            AuditLog.Add(db, "测试", "新增", "测试", "之后的一条");
            db.SaveChanges();
        }
        var pack = await admin.GetStringAsync("/Reviews?date=2023-06-29");
        Assert.Contains($"留痕链头（召开时）：第{holdEntry}条", pack);
        Assert.Contains(holdHash[..16], pack);
        Assert.Contains("留痕链头（打印时）：第", await admin.GetStringAsync("/Reviews?date=2023-06-20"));
    }
}
