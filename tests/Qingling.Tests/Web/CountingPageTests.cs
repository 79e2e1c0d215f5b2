using System.Text.RegularExpressions;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>The household page shows one-off help with the reason it does not count; the plan page names each indicator's population.</summary>
public class CountingPageTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Excluded_income_is_shown_with_its_reason_and_indicators_with_their_population(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var targets = await admin.GetStringAsync("/Targets");
        var code = Regex.Match(targets, "href=\"/Households/(\\d+)\"").Groups[1].Value;
        var before = await admin.GetStringAsync($"/Households/{code}");
        Assert.DoesNotContain("income-not-counted", before);

        var store = (await web.Database(provider)).Store;
        var plan = new PlanHandler(store, "测试").Get(null);
        var visits = new RhythmHandler(store, plan, "测试");
        string village;
        using (var c = store.CreateContext())
        {
            var villageId = c.Households.Single(h => h.Code == code).VillageId;
            village = c.Regions.Single(r => r.Id == villageId).Name;
        }
        var round = visits.AddRound(village, new(2023, 6, 1), new(2023, 6, 30), "测试排查");
        visits.AddVisit(new VisitInput { Round = round.Id, Household = code, On = new(2023, 6, 10), Visitors = "岩明", Income = [new("转移性", "临时救助金", 20_000m, 6)] });

        var after = await admin.GetStringAsync($"/Households/{code}");
        Assert.Contains("id=\"income-not-counted\"", after);
        Assert.Contains("临时救助金", after);
        Assert.Contains("不计入家庭纯收入", after);
        // The yearly table is unchanged: the 20,000 is not in it.
        string Table(string html) => html[html.IndexOf("id=\"income\"")..html.IndexOf("</table>", html.IndexOf("id=\"income\""))];
        Assert.Equal(Table(before), Table(after));

        var page = await admin.GetStringAsync("/Plan");
        Assert.Contains("统计对象", page);
        Assert.Contains("清零对象家庭成员", page);
        Assert.Contains("不愿意养牛", page);
        Assert.Contains("有劳动力零就业家庭", page);
    }
}
