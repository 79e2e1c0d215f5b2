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
            if (i.Population is { } population && !Populations.Allowed(i.Kind).Contains(population))
                problems.Add($"{label}的统计对象“{Populations.Name(population)}”不适用于此类指标，应为：{string.Join("、", Populations.Allowed(i.Kind).Select(Populations.Name))}");
            if (i.Kind == IndicatorKind.HouseholdsUnderMonitoringLine && !plan.MonitoringLines.ContainsKey(plan.Year))
                problems.Add($"{label}需要{plan.Year}年的防返贫监测收入线（monitoringLines）");
        }
        foreach (var (year, line) in plan.MonitoringLines.Where(l => l.Value <= 0)) problems.Add($"{year}年的防返贫监测收入线应为正数");
        var credit = plan.Microcredit;
        if (credit.HouseholdCap <= 0 || credit.MaxMonths <= 0 || credit.MinAge < 0 || credit.MaxAge < credit.MinAge)
            problems.Add("小额信贷设置无效：每户上限、期限应为正数，借款年龄下限不高于上限");
        if (plan.BaselineHouseholds is < 0 || plan.BaselinePersons is < 0 || plan.BaselinePersons < plan.BaselineHouseholds)
            problems.Add("方案载明的基准清零对象户数、人数无效（人数不应少于户数）");
        if (plan.IncomeRules is { } rules) problems.AddRange(CountingProblems(rules));
        foreach (var r in plan.FundRules)
        {
            if (r.MinimumIndustryShare is < 0 or > 1) problems.Add($"资金规则“{Funds.FundSources.Name(r.Source)}”的比例应在0到1之间");
        }
        if (plan.Rhythm.ReviewEveryDays <= 0 || plan.Rhythm.ScheduleEveryMonths <= 0) problems.Add("研判与调度周期应为正数");
        if (plan.Assessment is { } assessment) problems.AddRange(Qingling.Core.Assessment.AssessmentValidator.Problems(assessment));
        return problems;
    }

    static IEnumerable<string> CountingProblems(Income.CountingRules rules)
    {
        foreach (var c in rules.Categories.GroupBy(c => c.Category).Where(g => g.Count() > 1))
            yield return $"收入口径中“{Income.IncomeCategories.Name(c.Key)}”重复";
        foreach (var c in rules.Categories)
        {
            foreach (var s in c.Subcategories.Where(string.IsNullOrWhiteSpace)) yield return $"收入口径“{Income.IncomeCategories.Name(c.Category)}”有空的分项";
            foreach (var s in c.Subcategories.GroupBy(s => s).Where(g => g.Count() > 1)) yield return $"收入口径“{Income.IncomeCategories.Name(c.Category)}”的分项“{s.Key}”重复";
        }
        foreach (var e in rules.Excluded)
        {
            if (string.IsNullOrWhiteSpace(e.Name)) yield return "不计入收入的分项缺少名称";
            if (string.IsNullOrWhiteSpace(e.Reason)) yield return $"不计入收入的分项“{e.Name}”须写明不计入的理由";
            if (rules.Counted(e.Category).Contains(e.Name)) yield return $"“{e.Name}”既列为计入又列为不计入{Income.IncomeCategories.Name(e.Category)}";
        }
    }
}
