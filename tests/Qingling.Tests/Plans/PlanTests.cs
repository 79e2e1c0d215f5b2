using Qingling.Core.Plans;
using Qingling.Data.Plans;

namespace Qingling.Tests.Plans;

public class PlanTests
{
    public static string SamplePath => Path.Combine(RepoRoot(), "samples", "mengyong-2023.plan.json");

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Qingling.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static PlanDefinition Mengyong() => PlanJson.Parse(File.ReadAllText(SamplePath), "mengyong-2023.plan.json");

    [Fact]
    public void The_Mengyong_sample_holds_the_seed_plan()
    {
        var plan = Mengyong();
        Assert.Empty(PlanValidator.Problems(plan));
        Assert.Equal((2023, 2022, 10_000m, 0.1588m), (plan.Year, plan.BaselineYear, plan.IncomeLine, plan.GrowthTarget));
        Assert.Equal(7, plan.Channels.Count);
        Assert.Equal(14, plan.Departments.Count);
        Assert.Equal(11m, plan.Indicators.Single(i => i.Key == "trained").Target);
        Assert.Equal(11m, plan.Indicators.Single(i => i.Key == "transfer-employment").Target);
        Assert.Equal(50_000m, plan.Indicators.Single(i => i.Key == "microcredit-amount").Target);
        Assert.Equal([0.60m, 0.52m, 0.60m], plan.FundRules.Select(r => r.MinimumIndustryShare));
        Assert.Contains("勐永信用社", plan.Channel("finance")!.Departments);
    }

    [Fact]
    public void A_plan_that_does_not_hold_together_is_refused_with_each_reason()
    {
        var plan = Mengyong();
        var broken = plan with
        {
            Channels = [.. plan.Channels, new ChannelDefinition { Key = "lottery", Name = "彩票", Departments = ["镇彩票站"] }],
            Departments = [.. plan.Departments, "镇档案室"],
            Indicators = [.. plan.Indicators, new IndicatorDefinition { Key = "x", Name = "负目标", Kind = IndicatorKind.PersonsCompleted, Channel = "training", Target = -1 }],
        };
        var problems = PlanValidator.Problems(broken);
        Assert.Contains(problems, p => p.Contains("未知的增收渠道“lottery”"));
        Assert.Contains(problems, p => p.Contains("“镇彩票站”不在方案的责任单位名单中"));
        Assert.Contains(problems, p => p.Contains("“镇档案室”没有负责任何增收渠道"));
        Assert.Contains(problems, p => p.Contains("负目标") && p.Contains("不能为负数"));
    }

    [Fact]
    public void Malformed_plan_files_say_where()
    {
        var e = Assert.Throws<InvalidDataException>(() => PlanJson.Parse("{\n \"key\": \"a\",\n \"year\": \"二〇二三\"\n}", "bad.json"));
        Assert.Contains("bad.json 第3行", e.Message);
        Assert.Contains("（year）", e.Message);
        Assert.Contains("应为整数", e.Message);
        Assert.Throws<InvalidDataException>(() => PlanJson.Parse("{ \"kee\": 1 }", "typo.json"));
    }
}
