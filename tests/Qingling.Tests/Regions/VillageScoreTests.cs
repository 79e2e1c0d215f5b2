using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Qingling.Tests.Support;
using Qingling.Tests.Web;

namespace Qingling.Tests.Regions;

/// <summary>
/// 考核 on the region roll-up: each village's score is the one its plan's 考核细则 gives it for the period holding the date (as
/// `assess` gives it), a town's is its villages' mean, on the command line and on the region page.
/// </summary>
public class VillageScoreTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static JsonElement Run(TestDatabase db, params string[] args) => ProjectedUnderLineTests.Run(db, args);

    [Theory, MemberData(nameof(Providers))]
    public void Each_village_has_its_assessment_score_and_the_town_the_mean_of_its_villages(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        foreach (var (date, period) in new[] { ("2023-06-30", "2023Q2"), ("2023-03-31", "2023Q1") })
        {
            var assessed = Run(db, "assess", "--period", period, "--unit", "village").EnumerateArray()
                .ToDictionary(s => s.GetProperty("unit").GetString()!, s => s.GetProperty("score").GetDecimal());
            Assert.NotEmpty(assessed);
            var villages = Run(db, "region", "--year", "2022", "--region", "勐永镇", "--date", date).EnumerateArray().ToList();
            Assert.Equal(assessed.Count, villages.Count);
            foreach (var v in villages)
                Assert.Equal(assessed[v.GetProperty("region").GetString()!], v.GetProperty("villageScore").GetDecimal());
            var mean = Math.Round(assessed.Values.Sum() / assessed.Count, 2, MidpointRounding.AwayFromZero);
            var town = Run(db, "region", "--year", "2022", "--date", date).EnumerateArray().Single();
            Assert.Equal(mean, town.GetProperty("villageScore").GetDecimal());
        }
        // Without a date there is no period: the column is empty, not a zero.
        Assert.All(Run(db, "region", "--year", "2022", "--region", "勐永镇").EnumerateArray(),
            v => Assert.Equal(JsonValueKind.Null, v.GetProperty("villageScore").ValueKind));
        // A year without a plan has no 考核细则 to score by.
        Assert.All(Run(db, "region", "--year", "2022", "--region", "勐永镇", "--date", "2025-06-30").EnumerateArray(),
            v => Assert.Equal(JsonValueKind.Null, v.GetProperty("villageScore").ValueKind));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_region_page_shows_each_villages_score_of_the_assessment_page(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var page = await admin.GetStringAsync("/Regions/" + Uri.EscapeDataString("勐永镇") + "?year=2022");
        var card = Regex.Match(page, "id=\"village-score\">.*?<div class=\"fs-5\">([0-9.]+)分</div>", RegexOptions.Singleline);
        Assert.True(card.Success, "the page has the villages' mean score");
        var cells = Regex.Matches(page, "<td class=\"num\" data-score>([0-9.—]+)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(cells);
        Assert.DoesNotContain("—", cells);
        var mean = Math.Round(cells.Sum(c => decimal.Parse(c, System.Globalization.CultureInfo.InvariantCulture)) / cells.Count, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(mean, decimal.Parse(card.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Regions/" + Uri.EscapeDataString("勐永镇") + "?year=2022")).StatusCode);
    }
}
