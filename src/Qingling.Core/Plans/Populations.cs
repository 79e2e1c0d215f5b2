namespace Qingling.Core.Plans;

/// <summary>Whom an indicator counts.</summary>
public enum IndicatorPopulation
{
    /// <summary>The baseline target list (households and members), frozen at the plan's start.</summary>
    Baseline,
    /// <summary>Baseline target households with the conditions and the will: one that declined a channel leaves its denominator.</summary>
    TargetsWilling,
    /// <summary>Members of the baseline target households.</summary>
    TargetMembers,
    /// <summary>Every household in the plan's scope with labour, as the year's figures stand (动态: households may enter during the year).</summary>
    InScope,
    /// <summary>The whole 脱贫 population of the plan's area (with 监测对象 when the scope includes them).</summary>
    ExitedPoverty,
    /// <summary>The project library of the plan year.</summary>
    Projects,
}

public static class Populations
{
    public static string Name(IndicatorPopulation p) => p switch
    {
        IndicatorPopulation.Baseline => "基准年清零对象（冻结名单）",
        IndicatorPopulation.TargetsWilling => "清零对象中有条件、有意愿的户",
        IndicatorPopulation.TargetMembers => "清零对象家庭成员",
        IndicatorPopulation.InScope => "方案范围内有劳动力的脱贫户（动态）",
        IndicatorPopulation.ExitedPoverty => "全体脱贫人口",
        IndicatorPopulation.Projects => "本年度项目库",
        _ => p.ToString(),
    };

    /// <summary>What a kind counts when the plan does not say.</summary>
    public static IndicatorPopulation DefaultFor(IndicatorKind kind) => Allowed(kind)[0];

    /// <summary>The populations an indicator of a kind can count, its default first.</summary>
    public static IReadOnlyList<IndicatorPopulation> Allowed(IndicatorKind kind) => kind switch
    {
        IndicatorKind.HouseholdsUnderLine or IndicatorKind.PersonsUnderLine or IndicatorKind.HouseholdsUnderLineProjected
            => [IndicatorPopulation.InScope, IndicatorPopulation.Baseline],
        IndicatorKind.ChannelCoverage => [IndicatorPopulation.TargetsWilling, IndicatorPopulation.Baseline],
        IndicatorKind.PersonsCompleted or IndicatorKind.PersonsEngaged => [IndicatorPopulation.TargetMembers],
        IndicatorKind.MicrocreditHouseholds or IndicatorKind.MicrocreditAmount => [IndicatorPopulation.TargetsWilling, IndicatorPopulation.Baseline],
        IndicatorKind.PopulationGrowth or IndicatorKind.PopulationGrowthProjected => [IndicatorPopulation.ExitedPoverty],
        IndicatorKind.FundIndustryShare => [IndicatorPopulation.Projects],
        IndicatorKind.HouseholdsUnderMonitoringLine => [IndicatorPopulation.ExitedPoverty],
        IndicatorKind.ZeroEmploymentHouseholds => [IndicatorPopulation.Baseline, IndicatorPopulation.InScope],
        _ => [],
    };
}
