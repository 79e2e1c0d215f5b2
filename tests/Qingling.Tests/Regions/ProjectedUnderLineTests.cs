using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Qingling.Tests.Support;
using Qingling.Tests.Web;

namespace Qingling.Tests.Regions;

/// <summary>
/// The region roll-up's "projected under the line" (预计年底仍低于收入线): each village counted by its plan on a date, the
/// same households the plan's 预计年底仍低于1万元的户 indicator counts, on the command line and on the region page.
/// </summary>
public class ProjectedUnderLineTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>A command's JSON output, run on the test database (its exit code checked).</summary>
    internal static JsonElement Run(TestDatabase db, params string[] args)
    {
        var run = Support.Cli.Run(db.Folder, [.. args, "--format", "json", .. db.CliArguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    static JsonElement Indicator(JsonElement progress, string key) => progress.EnumerateArray().Single(i => i.GetProperty("key").GetString() == key);

    [Theory, MemberData(nameof(Providers))]
    public void Villages_and_their_town_count_what_the_plans_projected_indicator_counts_on_that_date(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        foreach (var date in new[] { "2023-03-31", "2023-06-30" })
        {
            var indicator = Indicator(Run(db, "progress", "--date", date), "under-line-projected");
            var expected = indicator.GetProperty("byVillage").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => (int)v.GetProperty("value").GetDecimal());
            var villages = Run(db, "region", "--year", "2022", "--region", "勐永镇", "--date", date).EnumerateArray().ToList();
            Assert.Equal(expected.Count, villages.Count);
            foreach (var v in villages)
                Assert.Equal(expected[v.GetProperty("region").GetString()!], v.GetProperty("projectedUnderLine").GetInt32());
            // The town's row above is the sum of its villages, and the plan's own figure.
            var town = Run(db, "region", "--year", "2022", "--date", date).EnumerateArray().ToList();
            Assert.Equal((int)indicator.GetProperty("value").GetDecimal(), town.Sum(t => t.GetProperty("projectedUnderLine").GetInt32()));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_date_is_projected_by_the_plan_of_its_own_year_and_a_year_without_one_has_no_figure(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        int Town(string date) => Run(db, "region", "--year", "2022", "--date", date).EnumerateArray().Sum(t => t.GetProperty("projectedUnderLine").GetInt32());
        var before = Town("2023-06-30");
        // The town's next year's plan: the latest plan, which a 2023 date must not be projected by.
        var next = File.ReadAllText(Qingling.Tests.Plans.PlanTests.SamplePath)
            .Replace("\"key\": \"mengyong-2023\"", "\"key\": \"mengyong-2024\"").Replace("\"year\": 2023", "\"year\": 2024").Replace("\"baselineYear\": 2022", "\"baselineYear\": 2023");
        new Qingling.Data.Plans.PlanHandler(db.Store, "测试").LoadText(next, "2024.json");
        Assert.Equal(before, Town("2023-06-30"));
        Assert.Equal((int)Indicator(Run(db, "progress", "--plan", "mengyong-2023", "--date", "2023-06-30"), "under-line-projected").GetProperty("value").GetDecimal(), before);
        Assert.Equal((int)Indicator(Run(db, "progress", "--plan", "mengyong-2024", "--date", "2024-03-31"), "under-line-projected").GetProperty("value").GetDecimal(),
            Town("2024-03-31"));
        Assert.All(Run(db, "region", "--year", "2022", "--region", "勐永镇", "--date", "2025-06-30").EnumerateArray(),
            v => Assert.Equal(JsonValueKind.Null, v.GetProperty("projectedUnderLine").ValueKind));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_plan_counting_its_baseline_list_is_counted_so_on_the_region_too(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        int Town(string date) => Run(db, "region", "--year", "2022", "--date", date).EnumerateArray().Sum(t => t.GetProperty("projectedUnderLine").GetInt32());
        int Plan(string date) => (int)Indicator(Run(db, "progress", "--date", date), "under-line-projected").GetProperty("value").GetDecimal();
        // A household off the baseline list whose costs this year put it under the line: counted in scope, not on the list.
        using (var c = db.Store.CreateContext())
        {
            var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get("mengyong-2023");
            var input = Qingling.Data.Measures.ProgressQuery.Build(c, plan, new DateOnly(2023, 3, 31));
            var list = input.Baseline?.Households ?? Qingling.Core.Indicators.IndicatorCalculator.BaselineTargets(input.Households, plan.TargetRule).Select(t => t.HouseholdId).ToHashSet();
            var fallen = input.Households.First(h => !list.Contains(h.HouseholdId) && plan.TargetRule.InScope(h.Type, h.Monitoring)
                && h.Members.Any(m => plan.TargetRule.IsLabour(m.Labour)) && h.Projected.PerCapitaNetIncome > plan.IncomeLine);
            c.IncomeEntries.Add(new Qingling.Core.Income.IncomeEntry
            {
                HouseholdId = fallen.HouseholdId, Year = 2023, Month = 2, Category = Qingling.Core.Income.IncomeCategory.ProductionCost, Subcategory = "生产经营费用",
                Amount = 500_000m, Source = Qingling.Core.Income.IncomeSource.Manual, RecordedBy = "测试", RecordedAt = new DateTime(2023, 2, 28, 0, 0, 0, DateTimeKind.Utc),
            });
            c.SaveChanges();
        }
        var inScope = Town("2023-03-31");
        Assert.Equal(Plan("2023-03-31"), inScope);
        // The same plan whose projected indicator counts the baseline list (基准年清零对象) instead of every household in scope.
        var baseline = File.ReadAllText(Qingling.Tests.Plans.PlanTests.SamplePath).Replace(
            "\"kind\": \"householdsUnderLineProjected\", \"population\": \"inScope\"", "\"kind\": \"householdsUnderLineProjected\", \"population\": \"baseline\"");
        Assert.True(new Qingling.Data.Plans.PlanHandler(db.Store, "测试").LoadText(baseline, "baseline.json").Replaced);
        foreach (var date in new[] { "2023-03-31", "2023-06-30" }) Assert.Equal(Plan(date), Town(date));
        Assert.NotEqual(inScope, Town("2023-03-31"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void Without_a_date_nothing_is_projected_and_a_bad_date_is_refused_in_chinese(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        Assert.All(Run(db, "region", "--year", "2022", "--region", "勐永镇").EnumerateArray(),
            v => Assert.Equal(JsonValueKind.Null, v.GetProperty("projectedUnderLine").ValueKind));
        var bad = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--date", "2023-13-01", .. db.CliArguments]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--date 应为日期 YYYY-MM-DD", bad.Error);
        Assert.DoesNotContain("   at ", bad.Error);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_region_page_shows_it_on_the_plan_pages_date_and_it_equals_the_dashboards(string provider)
    {
        var leader = await web.Client(provider, "leader");
        var dashboard = await leader.GetStringAsync("/");
        var projected = int.Parse(Regex.Match(dashboard, "data-key=\"under-line-projected\" data-judged=\"\\w+\"[\\s\\S]*?fs-5 fw-semibold\">([\\d.]+)").Groups[1].Value);
        var response = await leader.GetAsync("/Regions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var card = Regex.Match(page, "id=\"projected\"[\\s\\S]*?截至(\\d{4}-\\d{2}-\\d{2})按各村方案推算[\\s\\S]*?fs-5\">(\\d+)户");
        Assert.True(card.Success, "the region page should carry the projected card");
        Assert.Equal(projected, int.Parse(card.Groups[2].Value));
        Assert.Contains("预计仍低于线", page);
    }
}
