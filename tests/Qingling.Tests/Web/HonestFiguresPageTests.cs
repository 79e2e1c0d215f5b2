using System.Text.RegularExpressions;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>Mid-year the demo's ledger holds January to June: pages say so and lead with the year-end projection.</summary>
public class HonestFiguresPageTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task The_dashboard_leads_with_the_projection_and_does_not_judge_half_a_year(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var dashboard = await admin.GetStringAsync("/?date=2023-06-30");
        var lead = dashboard.IndexOf("id=\"year-end\"", StringComparison.Ordinal);
        Assert.True(lead > 0 && lead < dashboard.IndexOf("id=\"indicators\"", StringComparison.Ordinal), "the year-end projection comes first");
        Assert.Contains("已录入1—6月", dashboard);
        // The recorded-income cards are shown, labelled and not judged; never "未达标" on half a year.
        var recorded = Regex.Match(dashboard, "data-key=\"under-line-households\" data-judged=\"(\\w+)\"[\\s\\S]*?</span></span>").Value;
        Assert.Contains("data-judged=\"false\"", recorded);
        Assert.Contains("暂不判断（1—6月已录入）", recorded);
        Assert.DoesNotContain("未达标", recorded);
        var growth = Regex.Match(dashboard, "data-key=\"growth\" data-judged=\"(\\w+)\"[\\s\\S]*?</span></span>").Value;
        Assert.Contains("暂不判断", growth);
        // The projection is judged.
        Assert.Matches("data-key=\"under-line-projected\" data-judged=\"true\"", dashboard);
        // First card is a projection.
        var first = Regex.Match(dashboard, "data-key=\"([\\w-]+)\"").Groups[1].Value;
        Assert.Contains(first, new[] { "under-line-projected", "growth-projected" });
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_card_shows_the_previous_full_year_and_the_file_each_years_members(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var targets = await admin.GetStringAsync("/Targets?Year=2022");
        var code = Regex.Match(targets, "href=\"/Households/(\\d+)\"").Groups[1].Value;
        var card = await admin.GetStringAsync($"/Households/{code}/Card");
        Assert.Matches("上年人均纯收入</th><td>[\\d,]+\\.\\d\\d元（2022年）", card);
        var file = await admin.GetStringAsync($"/Households/{code}");
        Assert.Contains("id=\"members-by-year\"", file);
        Assert.Contains("2023（沿用上一年度记录）", file);
        Assert.Contains("<td>年度记录</td>", file);
    }
}
