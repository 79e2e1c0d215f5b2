namespace Qingling.Core.Plans;

/// <summary>What an indicator measures; the calculation for each lives in <see cref="Indicators.IndicatorCalculator"/>.</summary>
public enum IndicatorKind
{
    /// <summary>Plan households still under the line by the income recorded so far.</summary>
    HouseholdsUnderLine,
    /// <summary>Persons of those households.</summary>
    PersonsUnderLine,
    /// <summary>Plan households still under the line by projected income (recorded + rest of year at last year's pace + open measures).</summary>
    HouseholdsUnderLineProjected,
    /// <summary>Share of plan households with at least one live measure in a channel.</summary>
    ChannelCoverage,
    /// <summary>Distinct members with a measure of a channel that is done (or verified).</summary>
    PersonsCompleted,
    /// <summary>Distinct members with a measure of a channel under way, done or verified.</summary>
    PersonsEngaged,
    /// <summary>Households with a microcredit loan granted (measure under way or later).</summary>
    MicrocreditHouseholds,
    /// <summary>Total of those loans, yuan.</summary>
    MicrocreditAmount,
    /// <summary>Growth of the whole in-scope population's per-capita net income, year on baseline, recorded income.</summary>
    PopulationGrowth,
    /// <summary>The same, on projected income.</summary>
    PopulationGrowthProjected,
    /// <summary>Industry's share of a fund source (from the project library).</summary>
    FundIndustryShare,
    /// <summary>不发生返贫: 脱贫户 whose projected per-capita net income is under the year's monitoring line.</summary>
    HouseholdsUnderMonitoringLine,
    /// <summary>有劳动力零就业家庭: labour households where no member works (register's work status, or a job measure under way).</summary>
    ZeroEmploymentHouseholds,
}

public enum Comparison { AtLeast, AtMost }

/// <summary>An indicator of the plan with its target.</summary>
public sealed record IndicatorDefinition
{
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public IndicatorKind Kind { get; init; }
    /// <summary>The channel, for coverage and person counts.</summary>
    public string? Channel { get; init; }
    /// <summary>The fund source, for fund shares.</summary>
    public Funds.FundSource? FundSource { get; init; }
    public decimal Target { get; init; }
    /// <summary>户, 人, 元, % (fractions are shown as percentages).</summary>
    public string Unit { get; init; } = "";
    public Comparison Comparison { get; init; } = Comparison.AtLeast;
    /// <summary>Whom it counts; when a plan file leaves it out, the kind's own population (<see cref="Populations.DefaultFor"/>).</summary>
    public IndicatorPopulation? Population { get; init; }

    public IndicatorPopulation CountedPopulation => Population ?? Populations.DefaultFor(Kind);

    public bool IsMet(decimal? value) => value is { } v && (Comparison == Comparison.AtLeast ? v >= Target : v <= Target);
}
