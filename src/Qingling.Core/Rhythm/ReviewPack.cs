namespace Qingling.Core.Rhythm;

/// <summary>An indicator in a review pack; <paramref name="Provisional"/> says which months a not-yet-judged figure covers.</summary>
public sealed record PackIndicator(string Key, string Name, decimal? Value, decimal? AtLastReview, decimal Target, string Unit, bool Met, string? Provisional = null)
{
    public string Verdict => Provisional is { } p ? $"暂不判断（{p}）" : Met ? "是" : "否";
}
public sealed record PackHousehold(string Code, string Village, decimal? PerCapitaProjected, IReadOnlyList<string> Reasons);
public sealed record PackMeasure(long Id, string HouseholdCode, string Village, string Channel, string Description, string Department, DateOnly End, string Status);
public sealed record PackTask(long Id, string Title, string Owner, DateOnly Due, IReadOnlyList<string> Households, bool Done, DateOnly? DoneOn, bool Overdue);
public sealed record Behind(string Name, IReadOnlyList<string> Why);

/// <summary>
/// 镇级半月研判 pack for a date: the indicators now and at the last review; who entered or left the target
/// list since, and why; measures due, overdue, or done but not verified; households under the line with no
/// measure under way; villages and departments behind; the tasks decided and how they stand.
/// </summary>
public sealed record ReviewPack(
    string PlanKey, DateOnly Date, long? LastReviewId, DateOnly? LastReviewDate,
    IReadOnlyList<PackIndicator> Indicators,
    IReadOnlyList<string> TargetCodes,
    IReadOnlyList<PackHousehold> Entered,
    IReadOnlyList<PackHousehold> Left,
    IReadOnlyList<PackMeasure> Due,
    IReadOnlyList<PackMeasure> Overdue,
    IReadOnlyList<PackMeasure> Unverified,
    IReadOnlyList<PackHousehold> UnderLineWithoutMeasure,
    IReadOnlyList<Behind> VillagesBehind,
    IReadOnlyList<Behind> DepartmentsBehind,
    IReadOnlyList<PackTask> Tasks)
{
    /// <summary>Days ahead a measure counts as due.</summary>
    public const int DueWithinDays = 15;

    /// <summary>Open 诚信预警 of the plan year by village, with how many appeared since the last held review.</summary>
    public IReadOnlyList<PackAlerts> OpenAlerts { get; init; } = [];
    /// <summary>When the half-monthly review is overdue against the plan's interval, the sentence saying so; null when on time.</summary>
    public string? ReviewOverdue { get; init; }
    /// <summary>The plan's escalation threshold in days (考核细则 escalateAfterDays); null when it sets none.</summary>
    public int? EscalateAfterDays { get; init; }
    /// <summary>Measures and tasks overdue by more than <see cref="EscalateAfterDays"/>, listed apart with their owners.</summary>
    public IReadOnlyList<Supervision.Escalated> Escalated { get; init; } = [];
}

/// <summary>A village's open integrity alerts: how many, how many new since the last held review, and which.</summary>
public sealed record PackAlerts(string Village, int Open, int NewSinceLastReview, IReadOnlyList<PackAlert> Alerts);

/// <summary>One open alert in a pack.</summary>
public sealed record PackAlert(long Id, string HouseholdCode, string Kind, string KindName, bool New);
