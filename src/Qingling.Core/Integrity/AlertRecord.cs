using Qingling.Core.Users;

namespace Qingling.Core.Integrity;

/// <summary>Where an alert stands: open until a cadre explains it, an inspection confirms it, or the town dismisses it.</summary>
public enum AlertStatus { Open = 1, Explained = 2, Confirmed = 3, Dismissed = 4 }

/// <summary>
/// A stored alert: one (household, year, kind, evidence key) with its state. The checks are recomputed at will; the
/// record keeps what people decided about an alert as long as the checks still raise it.
/// </summary>
public class AlertRecord
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public string HouseholdCode { get; set; } = "";
    public string Village { get; set; } = "";
    public int Year { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>What distinguishes two alerts of one kind in one household-year (the entries or measures named); empty for most kinds.</summary>
    public string EvidenceKey { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Evidence { get; set; } = "";
    public AlertStatus Status { get; set; } = AlertStatus.Open;
    /// <summary>False once a recomputation no longer raises it; the record and its decision stay.</summary>
    public bool Firing { get; set; } = true;
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    /// <summary>The explanation's evidence, the confirmation's note or the dismissal's reason.</summary>
    public string? Note { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>For a confirmed alert: the ledger entry that corrected the income.</summary>
    public long? CorrectionEntryId { get; set; }
}

/// <summary>Names of the states, and who may move an alert where.</summary>
public static class AlertStatuses
{
    public static string Name(AlertStatus s) => s switch
    {
        AlertStatus.Open => "待处理",
        AlertStatus.Explained => "已说明",
        AlertStatus.Confirmed => "已查实并更正",
        AlertStatus.Dismissed => "已排除",
        _ => s.ToString(),
    };

    public static AlertStatus? Parse(string text) => text.Trim() switch
    {
        "open" or "待处理" => AlertStatus.Open,
        "explained" or "已说明" => AlertStatus.Explained,
        "confirmed" or "已查实并更正" or "已查实" => AlertStatus.Confirmed,
        "dismissed" or "已排除" => AlertStatus.Dismissed,
        _ => null,
    };

    /// <summary>
    /// Null when <paramref name="role"/> may move an alert to <paramref name="to"/>, else the Chinese reason why not.
    /// Explaining is the work of those on the ground (the village's cadres, the departments); dismissing overrides the
    /// checks, so only the town administrator or an auditor may; confirming corrects income, which the town
    /// administrator, a department or the village's cadre may record.
    /// </summary>
    public static string? Refusal(Role role, AlertStatus to) => to switch
    {
        AlertStatus.Explained when role is Role.Village or Role.Department or Role.Admin => null,
        AlertStatus.Explained => "只有本村干部、驻村工作队或部门工作人员可以说明预警",
        AlertStatus.Confirmed when role is Role.Admin or Role.Department or Role.Village => null,
        AlertStatus.Confirmed => "只有镇管理员、部门工作人员或本村干部可以查实预警并更正收入",
        AlertStatus.Dismissed when role is Role.Admin or Role.Auditor => null,
        AlertStatus.Dismissed => "只有镇管理员或审计可以排除预警",
        _ => "预警不能改回待处理",
    };
}
