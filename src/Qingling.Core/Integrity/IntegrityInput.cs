using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Integrity;

/// <summary>A measure as the checks see it: its channel and kind, whether it is live and has started, and the income verified from it in the year.</summary>
public sealed record MeasureFact(string Channel, string Kind, string Description, Measures.MeasureStatus Status, IncomeCategory GainCategory, decimal VerifiedIncome, decimal ExpectedGain = 0, long Id = 0)
{
    public bool IsLive => Measures.MeasureStatuses.IsLive(Status);
    public bool HasStarted => Measures.MeasureStatuses.HasStarted(Status);
}

/// <summary>What a visit of the year found in one category: the signed expected change of yearly income, or income it recorded.</summary>
public sealed record VisitFact(DateOnly On, decimal ExpectedChange, IncomeCategory Category, string Changes);

/// <summary>
/// Everything the checks know of one household for a year: its income and members this year and last (null when
/// the previous year has no record), its measures, its visits and the projects it is linked to.
/// </summary>
public sealed record IntegrityCase(
    string HouseholdCode,
    string Village,
    HouseholdIncome Income,
    IReadOnlyList<MemberRecord> Members,
    HouseholdIncome? Previous,
    IReadOnlyList<MemberRecord>? PreviousMembers,
    IReadOnlyList<MeasureFact> Measures,
    IReadOnlyList<VisitFact> Visits,
    IReadOnlyList<string> Projects)
{
    /// <summary>The export's own 纯收入 and 人均纯收入 and what its imported lines add up to (null: no annual record or no stated figure).</summary>
    public StatedTotals? Stated { get; init; }
    /// <summary>Monthly entries recorded after a held review for a month that review already covered.</summary>
    public IReadOnlyList<LateEntry> LateEntries { get; init; } = [];
}

/// <summary>What the export stated against what its own lines give by the formula.</summary>
public sealed record StatedTotals(decimal? StatedNet, decimal? StatedPerCapita, decimal Net, int Persons);

/// <summary>A ledger entry for <paramref name="Month"/> recorded at <paramref name="RecordedAt"/> (UTC), after the review of <paramref name="ReviewOn"/> held at <paramref name="ReviewHeldAt"/>.</summary>
public sealed record LateEntry(long EntryId, int Month, IncomeCategory Category, decimal Amount, string RecordedBy, DateTime RecordedAt, DateOnly ReviewOn, DateTime ReviewHeldAt);

/// <summary>The thresholds of the checks: plan data (the line) and tunable settings, never constants in the rules.</summary>
public sealed record IntegritySettings
{
    /// <summary>The income line per person (the plan's 收入线).</summary>
    public decimal Line { get; init; } = 10_000m;
    /// <summary>"Just over" the line: at most this share above it (5%).</summary>
    public decimal JustOverShare { get; init; } = 0.05m;
    /// <summary>Evidence (verified measure income, visits' expected changes) explains an increase when it covers at least this share of it.</summary>
    public decimal CoverShare { get; init; } = 0.5m;
    /// <summary>A jump: growth of net income at least this much …</summary>
    public decimal JumpGrowth { get; init; } = 0.5m;
    /// <summary>… and at least this many points above the village peers' median growth …</summary>
    public decimal JumpAbovePeers { get; init; } = 0.3m;
    /// <summary>… and at least this many yuan, so small households' small changes are no jump.</summary>
    public decimal JumpMinimum { get; init; } = 3_000m;
    /// <summary>A category jumps when it at least doubles (or appears from nothing) by at least <see cref="JumpMinimum"/>.</summary>
    public decimal CategoryJumpGrowth { get; init; } = 1.0m;
    /// <summary>Round figures are suspicious only where fewer than this share of all households has them.</summary>
    public decimal RoundShareOfData { get; init; } = 0.2m;
    /// <summary>Identical vectors count as copy-paste only with at least this many non-zero figures (pensions alone are often equal).</summary>
    public int CopyMinimumFigures { get; init; } = 3;
    /// <summary>A stated total differs from the formula by more than this (yuan): rounding of a fen is no alert.</summary>
    public decimal StatedTolerance { get; init; } = 1m;
    /// <summary>A measure's verified income is far above its expected gain when it is more than this many times the expected gain …</summary>
    public decimal MeasureAboveExpectedFactor { get; init; } = 2m;
    /// <summary>… and exceeds it by at least this many yuan.</summary>
    public decimal MeasureAboveExpectedMinimum { get; init; } = 2_000m;
    /// <summary>Just over the line counts only when the rise is at least this many points (or three median absolute deviations, if more) above the village peers' median growth: ordinary growth carries households across the line every year.</summary>
    public decimal JustOverAbovePeers { get; init; } = 0.05m;
    /// <summary>A village's median growth is a yardstick only with at least this many households recorded both years.</summary>
    public int PeersForGrowth { get; init; } = 5;
}

/// <summary>A village's households just above and just below the line, against the town's.</summary>
public sealed record VillageBunching(string Village, int JustAbove, int JustBelow, decimal? Share, decimal? TownShare);
