namespace Qingling.Core.Households;

/// <summary>户: one registered household, with its register fields.</summary>
public class Household
{
    public long Id { get; set; }
    /// <summary>户编号 from the national system; unique.</summary>
    public string Code { get; set; } = "";
    /// <summary>The village (村/社区) region.</summary>
    public long VillageId { get; set; }
    /// <summary>村民小组 name, when known.</summary>
    public string? GroupName { get; set; }
    public HouseholdType Type { get; set; }
    public MonitoringCategory? Monitoring { get; set; }
    /// <summary>脱贫年度.</summary>
    public int? ExitYear { get; set; }
    /// <summary>致贫/返贫风险, joined with 、.</summary>
    public string Risks { get; set; } = "";
    /// <summary>Phone, encrypted at rest.</summary>
    public byte[]? PhoneCipher { get; set; }
    public string? PhoneMasked { get; set; }
    /// <summary>挂包单位.</summary>
    public string? AssignedUnit { get; set; }
    /// <summary>驻村工作队.</summary>
    public string? WorkTeam { get; set; }
    /// <summary>帮扶责任人.</summary>
    public string? Cadre { get; set; }
    public long? ImportBatchId { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}
