using Qingling.Core.Measures;

namespace Qingling.Core.Plans;

/// <summary>Checks that a plan holds together; each problem is a sentence naming the part at fault.</summary>
public static class PlanValidator
{
    public static IReadOnlyList<string> Problems(PlanDefinition plan)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(plan.Key) || !plan.Key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            problems.Add($"方案标识“{plan.Key}”无效：只能用字母、数字、- 和 _");
        if (string.IsNullOrWhiteSpace(plan.Name)) problems.Add("缺少方案名称");
        if (plan.Year is < 2000 or > 2100) problems.Add($"方案年度{plan.Year}无效");
        if (plan.BaselineYear >= plan.Year) problems.Add($"基准年度{plan.BaselineYear}应早于方案年度{plan.Year}");
        if (plan.IncomeLine <= 0) problems.Add("收入线应为正数");
        if (plan.GrowthTarget < 0) problems.Add("增长目标不能为负数");

        var departments = plan.Departments.ToHashSet();
        foreach (var d in plan.Departments.GroupBy(d => d).Where(g => g.Count() > 1)) problems.Add($"责任单位“{d.Key}”重复");
        foreach (var c in plan.Channels.GroupBy(c => c.Key).Where(g => g.Count() > 1)) problems.Add($"增收渠道“{c.Key}”重复");
        foreach (var channel in plan.Channels)
        {
            if (!Channels.IsKnown(channel.Key)) problems.Add($"未知的增收渠道“{channel.Key}”，应为：{string.Join("、", Channels.All)}");
            if (channel.Departments.Count == 0) problems.Add($"增收渠道“{channel.Name}”没有责任单位");
            foreach (var d in channel.Departments.Where(d => !departments.Contains(d)))
                problems.Add($"增收渠道“{channel.Name}”的责任单位“{d}”不在方案的责任单位名单中");
        }
        foreach (var d in plan.Departments.Where(d => !plan.Channels.Any(c => c.Departments.Contains(d))))
            problems.Add($"责任单位“{d}”没有负责任何增收渠道");

        foreach (var i in plan.Indicators.GroupBy(i => i.Key).Where(g => g.Count() > 1)) problems.Add($"指标“{i.Key}”重复");
        foreach (var i in plan.Indicators)
        {
            var label = $"指标“{(i.Name.Length > 0 ? i.Name : i.Key)}”";
            if (string.IsNullOrWhiteSpace(i.Key)) problems.Add($"{label}缺少标识");
            if (i.Target < 0) problems.Add($"{label}的目标值不能为负数");
            var needsChannel = i.Kind is IndicatorKind.ChannelCoverage or IndicatorKind.PersonsCompleted or IndicatorKind.PersonsEngaged;
            if (needsChannel && (i.Channel is null || plan.Channel(i.Channel) is null))
                problems.Add($"{label}的增收渠道“{i.Channel}”不是本方案的渠道");
            if (i.Kind == IndicatorKind.FundIndustryShare && i.FundSource is null) problems.Add($"{label}缺少资金来源");
            if (i.Kind is IndicatorKind.ChannelCoverage or IndicatorKind.FundIndustryShare && i.Target > 1)
                problems.Add($"{label}是比例，目标应在0到1之间");
        }
        foreach (var r in plan.FundRules)
        {
            if (r.MinimumIndustryShare is < 0 or > 1) problems.Add($"资金规则“{Funds.FundSources.Name(r.Source)}”的比例应在0到1之间");
        }
        if (plan.Rhythm.ReviewEveryDays <= 0 || plan.Rhythm.ScheduleEveryMonths <= 0) problems.Add("研判与调度周期应为正数");
        return problems;
    }
}
