using Microsoft.EntityFrameworkCore;
using Qingling.Data.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Plans;

/// <summary>A town's plan takes the settings it leaves out from its county's plan, and follows it when it changes.</summary>
public class PlanInheritanceTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    const string County = """
        // 耿马县的县级方案：只定县里的口径
        {
          "key": "gengma-2023", "name": "耿马县2023年清零方案", "year": 2023, "baselineYear": 2022,
          "region": { "province": "云南省", "city": "临沧市", "county": "耿马傣族佤族自治县" },
          "incomeLine": LINE,
          "scope": { "weakLabourCounts": true },
          "growthTarget": 0.2,
          "monitoringLines": { "2023": 8050 },
        }
        """;

    static string Sample() => File.ReadAllText(PlanTests.SamplePath);

    /// <summary>The Mengyong plan without its own line and scope: those come from the county.</summary>
    static string TownLeavingOutLineAndScope() => string.Join("\n", Sample().Split('\n')
        .Where(l => !l.TrimStart().StartsWith("\"incomeLine\"", StringComparison.Ordinal) && !l.TrimStart().StartsWith("\"scope\"", StringComparison.Ordinal)));

    [Theory, MemberData(nameof(Providers))]
    public void A_town_plan_inherits_what_it_leaves_out_and_follows_its_county(string provider)
    {
        using var db = new TestDatabase(provider);
        var plans = new PlanHandler(db.Store, "测试");
        var county = plans.LoadText(County.Replace("LINE", "12000"), "county.json");
        Assert.Empty(county.TownsUpdated!);
        Assert.Equal("gengma-2023", plans.Get(null).Key); // the only plan

        var town = plans.LoadText(TownLeavingOutLineAndScope(), "town.json");
        Assert.Equal("gengma-2023", town.InheritedFrom);
        Assert.Contains("incomeLine", town.Inherited!);
        Assert.Contains("scope", town.Inherited!);
        Assert.DoesNotContain(town.Inherited!, k => k.StartsWith("growthTarget", StringComparison.Ordinal) || k.StartsWith("monitoringLines", StringComparison.Ordinal));
        var effective = plans.Get(null); // the town's plan, not the county's of the same year
        Assert.Equal("mengyong-2023", effective.Key);
        Assert.Equal(12_000m, effective.IncomeLine);
        Assert.True(effective.Scope.WeakLabourCounts);
        Assert.Equal(0.1588m, effective.GrowthTarget); // its own
        Assert.Equal(8_700m, effective.MonitoringLines[2024]); // its own lines, not narrowed to the county's one year

        Assert.Equal("gengma-2023", plans.Inheritance("mengyong-2023")!.Value.County);
        Assert.Null(plans.Inheritance("gengma-2023"));
        var show = Support.Cli.Run(db.Folder, ["plan", "show", "mengyong-2023", .. db.CliArguments]);
        Assert.Contains("继承县级方案 gengma-2023 的设置：收入线、", show.Output);
        Assert.Contains("收入线：12000元", show.Output);

        // The county changes its line: the town follows, traced; the county plan names the town it changed.
        var changed = plans.LoadText(County.Replace("LINE", "11000"), "county.json");
        Assert.Equal(["mengyong-2023"], changed.TownsUpdated!);
        Assert.Equal(11_000m, plans.Get("mengyong-2023").IncomeLine);
        using (var c = db.Store.CreateContext())
            Assert.Contains(c.AuditEntries.AsNoTracking().Where(a => a.Entity == "方案").Select(a => a.Summary).ToList(), s => s.Contains("随县级方案 gengma-2023"));

        // A town that writes its own line keeps it whatever the county does.
        var own = plans.LoadText(Sample(), "town.json");
        Assert.DoesNotContain("incomeLine", own.Inherited!);
        Assert.Equal(10_000m, own.Plan.IncomeLine);
        Assert.False(own.Plan.Scope.WeakLabourCounts);
        Assert.Empty(plans.LoadText(County.Replace("LINE", "13000"), "county.json").TownsUpdated!);
        Assert.Equal(10_000m, plans.Get("mengyong-2023").IncomeLine);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_county_plan_that_would_break_a_town_plan_is_refused_whole(string provider)
    {
        using var db = new TestDatabase(provider);
        var plans = new PlanHandler(db.Store, "测试");
        plans.LoadText(County.Replace("LINE", "12000"), "county.json");
        plans.LoadText(TownLeavingOutLineAndScope().Replace("\"monitoringLines\": { \"2023\": 8050, \"2024\": 8700, \"2025\": 8700 },", ""), "town.json");
        // The town's under-monitoring-line indicator needs the 2023 line, which it takes from the county; a county plan without it breaks the town.
        var broken = County.Replace("LINE", "12000").Replace("\"monitoringLines\": { \"2023\": 8050 },", "");
        var e = Assert.Throws<InvalidDataException>(() => plans.LoadText(broken, "county.json"));
        Assert.Contains("mengyong-2023", e.Message);
        Assert.Contains("防返贫监测收入线", e.Message);
        Assert.Equal(8_050m, plans.Get("gengma-2023").MonitoringLines[2023]); // nothing written
    }
}
