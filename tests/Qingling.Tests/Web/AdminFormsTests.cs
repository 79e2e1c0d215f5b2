using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>
/// The administrator's forms: the 半月研判 task form keeps what was typed when refused and lists every problem at once;
/// a web form's refusal names the form's field, never a command-line option the web user does not have.
/// </summary>
public class AdminFormsTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_refused_review_task_keeps_what_was_typed_and_lists_every_problem(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var token = await WebFixture.Token(admin, "/Reviews?date=2023-06-30");
        var refused = await admin.PostAsync("/Reviews?handler=Task", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = "2023-06-30", ["title"] = "", ["owner"] = "镇社会保障服务中心", ["due"] = "", ["households"] = "99999999999、88888888888",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        foreach (var problem in new[] { "请写明任务内容", "请填写期限", "没有户编号为“99999999999”的户", "没有户编号为“88888888888”的户" }) Assert.Contains(problem, html);
        Assert.Contains("id=\"households\" name=\"households\" value=\"99999999999、88888888888\"", html);
        Assert.Contains("<option selected=\"selected\">镇社会保障服务中心</option>", html);

        var typed = await admin.PostAsync("/Reviews?handler=Task", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = "2023-06-30", ["title"] = "核查务工收入", ["owner"] = "镇社会保障服务中心", ["due"] = "2023-07-15", ["households"] = "99999999999",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
        html = await typed.Content.ReadAsStringAsync();
        Assert.Contains("id=\"title\" name=\"title\" value=\"核查务工收入\"", html);
        Assert.Contains("id=\"due\" name=\"due\" value=\"2023-07-15\"", html);
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        Assert.DoesNotContain(c.Tasks.AsNoTracking(), t => t.Title == "核查务工收入");
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_measure_refused_on_the_web_names_the_forms_fields_not_command_line_options(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        string code;
        using (var c = db.Store.CreateContext())
            code = c.Households.AsNoTracking().Where(h => c.Measures.Any(m => m.HouseholdId == h.Id)).Select(h => h.Code).First();
        var measure = new Qingling.Data.Measures.MeasureHandler(db.Store, plan, "测试").Add(new Qingling.Data.Measures.MeasureInput
        {
            Household = code, Channel = Core.Measures.Channels.Industry, Description = "核实须录入增收测试", Department = "镇农业农村服务中心",
            Start = new(2023, 3, 1), End = new(2023, 12, 31), ConsentOn = new(2023, 2, 1), ConsentHow = "户主签字", ExpectedGain = 3000m, GainCategory = "生产经营性", PaysFromMonth = 7,
        });
        var admin = await web.Client(provider, "admin");
        var token = await WebFixture.Token(admin, "/Measures?View=all&size=500");
        async Task<string> Refused(Dictionary<string, string> form)
        {
            form["measureId"] = measure.Id.ToString();
            form["version"] = measure.Version.ToString();
            form["__RequestVerificationToken"] = token;
            var response = await admin.PostAsync("/Measures?handler=Status&View=all&size=500", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var verify = await Refused(new() { ["status"] = "verified", ["date"] = "2023-06-01", ["evidence"] = "务工合同" });
        Assert.Contains("核实带来收入的措施须录入实际增收金额（填在“实际增收（元）”栏）", verify);
        var decline = await Refused(new() { ["status"] = "declined", ["date"] = "2023-06-01", ["evidence"] = "" });
        Assert.Contains("群众不愿意须写明原因（填在“佐证”栏）", decline);
        foreach (var html in new[] { verify, decline })
        {
            var errors = Regex.Match(html, "id=\"errors\"[\\s\\S]*?</div>").Value;
            Assert.NotEmpty(errors);
            Assert.DoesNotMatch("--[a-z]", errors);
            Assert.DoesNotContain("qingling ", errors);
        }
    }
}
