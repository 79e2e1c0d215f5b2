namespace Qingling.Core.Households;

/// <summary>
/// What the annual record (the national export) of one year says of a household: its type and monitoring
/// category that year. A year's figures and target list are computed from that year's facts only, so a later
/// export can never rewrite an earlier year.
/// </summary>
public class HouseholdYearFacts
{
    public long HouseholdId { get; set; }
    public int Year { get; set; }
    public HouseholdType Type { get; set; }
    public MonitoringCategory? Monitoring { get; set; }
    public long? ImportBatchId { get; set; }
    /// <summary>The export's own 纯收入 and 人均纯收入 as written, kept so a total that does not add up stays an integrity alert.</summary>
    public decimal? StatedNetIncome { get; set; }
    public decimal? StatedPerCapita { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}

/// <summary>
/// A member as the annual record of one year has them: in which household, with what labour capacity and
/// work. A member is in a household's population for the year exactly when such a row exists.
/// </summary>
public class MemberYearFacts
{
    public long MemberId { get; set; }
    public int Year { get; set; }
    public long HouseholdId { get; set; }
    public string RelationToHead { get; set; } = "";
    public LabourCapacity Labour { get; set; }
    public string? WorkStatus { get; set; }
    public int? MonthsWorked { get; set; }
    public string? SchoolStatus { get; set; }
    public string? Health { get; set; }
    public long? ImportBatchId { get; set; }

    /// <summary>The member as they were that year (identity fields from <paramref name="identity"/> when given).</summary>
    public Member AsMember(Member? identity = null) => new()
    {
        Id = MemberId, HouseholdId = HouseholdId, RelationToHead = RelationToHead, Labour = Labour, WorkStatus = WorkStatus,
        MonthsWorked = MonthsWorked, SchoolStatus = SchoolStatus, Health = Health,
        Name = identity?.Name ?? "", IdMasked = identity?.IdMasked ?? "", Sex = identity?.Sex ?? default, BirthYear = identity?.BirthYear ?? 0,
        Ethnicity = identity?.Ethnicity, Education = identity?.Education, Disability = identity?.Disability,
        JoinedOn = identity?.JoinedOn, LeftOn = identity?.LeftOn,
    };
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}
