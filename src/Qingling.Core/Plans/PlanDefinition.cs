namespace Qingling.Core.Plans;

/// <summary>
/// A campaign plan as data: who is in scope, the line, the targets, the channels and their owners, the
/// fund rules and the rhythm. The Mengyong 2023 plan is one such file (samples/mengyong-2023.plan.json).
/// </summary>
public sealed record PlanDefinition
{
    /// <summary>Short unique name used on the command line, e.g. mengyong-2023.</summary>
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public int Year { get; init; }
    public int BaselineYear { get; init; }
    public PlanRegion Region { get; init; } = new();
    public decimal IncomeLine { get; init; } = 10_000m;
    public PlanScope Scope { get; init; } = new();
    /// <summary>Growth of per-capita net income the whole 脱贫 population must reach, as a fraction (0.1588).</summary>
    public decimal GrowthTarget { get; init; }
    public IReadOnlyList<IndicatorDefinition> Indicators { get; init; } = [];
    public IReadOnlyList<ChannelDefinition> Channels { get; init; } = [];
    /// <summary>Every department the plan makes responsible (责任单位).</summary>
    public IReadOnlyList<string> Departments { get; init; } = [];
    public IReadOnlyList<FundRule> FundRules { get; init; } = [];
    public PlanRhythm Rhythm { get; init; } = new();
    /// <summary>Where the plan comes from (document number, date).</summary>
    public string? Source { get; init; }
    /// <summary>The baseline target list as the plan states it (the seed's 11户52人), reconciled against the frozen list.</summary>
    public int? BaselineHouseholds { get; init; }
    public int? BaselinePersons { get; init; }
    /// <summary>What each income category holds and what does not count; null: the national rule.</summary>
    public Income.CountingRules? IncomeRules { get; init; }
    /// <summary>脱贫人口小额信贷 limits.</summary>
    public MicrocreditRules Microcredit { get; init; } = new();
    /// <summary>防返贫监测收入线 per year (Yunnan: 8,050 in 2023, 8,700 in 2024–25).</summary>
    public IReadOnlyDictionary<int, decimal> MonitoringLines { get; init; } = new Dictionary<int, decimal>();
    /// <summary>考核细则: how villages, assigned units, work teams and departments are scored; null: the plan scores no one.</summary>
    public Qingling.Core.Assessment.AssessmentDefinition? Assessment { get; init; }

    public ChannelDefinition? Channel(string key) => Channels.FirstOrDefault(c => c.Key == key);
    public Targets.TargetRule TargetRule => new(IncomeLine, Scope.WeakLabourCounts, Scope.IncludeMonitored);
}

public sealed record PlanRegion
{
    public string Province { get; init; } = "";
    public string City { get; init; } = "";
    public string County { get; init; } = "";
    public string Town { get; init; } = "";
}

/// <summary>Who the plan's target list is drawn from.</summary>
public sealed record PlanScope
{
    /// <summary>Whether 监测对象 that are not 脱贫户 count too.</summary>
    public bool IncludeMonitored { get; init; }
    /// <summary>Whether 弱劳动力或半劳动力 counts as labour.</summary>
    public bool WeakLabourCounts { get; init; }
}

/// <summary>One of the channels (增收渠道) with the departments the plan makes responsible for it.</summary>
public sealed record ChannelDefinition
{
    /// <summary>industry, tourism, training, employment, assets, finance, transfers.</summary>
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Departments { get; init; } = [];
    /// <summary>The villages' part (各村（社区）负责组织落实).</summary>
    public string? VillageRole { get; init; }
}

/// <summary>A fund rule: the share of a source spent on industry must reach a minimum.</summary>
public sealed record FundRule
{
    public Funds.FundSource Source { get; init; }
    public decimal MinimumIndustryShare { get; init; }
}

/// <summary>脱贫人口小额信贷: the national limits by default; the part of a household's loans above the cap is not eligible.</summary>
public sealed record MicrocreditRules
{
    /// <summary>Total outstanding loans per household, yuan.</summary>
    public decimal HouseholdCap { get; init; } = 50_000m;
    public int MaxMonths { get; init; } = 36;
    public int MinAge { get; init; } = 18;
    public int MaxAge { get; init; } = 65;
}

/// <summary>The monitoring rhythm: continuous village screening, a town review every N days, scheduling every N months.</summary>
public sealed record PlanRhythm
{
    public string Screening { get; init; } = "村级动态排查";
    public int ReviewEveryDays { get; init; } = 15;
    public int ScheduleEveryMonths { get; init; } = 3;
}
