using Qingling.Core.Income;

namespace Qingling.Core.Measures;

/// <summary>一户一策: one household's plan within a campaign plan — what holds its income down and what it wants.</summary>
public class HouseholdPlan
{
    public long Id { get; set; }
    public string PlanKey { get; set; } = "";
    public long HouseholdId { get; set; }
    /// <summary>What holds income down, from <see cref="Diagnoses.All"/>, joined with 、.</summary>
    public string Diagnosis { get; set; } = "";
    /// <summary>What the household itself wants, in its own words.</summary>
    public string Wishes { get; set; } = "";
    public DateOnly CreatedOn { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}

public static class Diagnoses
{
    public static readonly IReadOnlyList<string> All = ["缺劳动力", "缺技能", "缺土地", "缺资金", "因病", "因残", "因学", "交通不便", "产业规模小", "就业不稳", "其他"];
}

/// <summary>A measure (帮扶措施) of a household's plan: channel, owner, dates, expected gain, status, consent.</summary>
public class Measure
{
    public long Id { get; set; }
    public long HouseholdPlanId { get; set; }
    public long HouseholdId { get; set; }
    public string Channel { get; set; } = "";
    /// <summary>The kind within the channel (茶叶种植, 东西部劳务协作, 脱贫人口小额信贷 …).</summary>
    public string Kind { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>The member concerned, for a person's measure (training, a job, a loan).</summary>
    public long? MemberId { get; set; }
    public string Department { get; set; } = "";
    public string ResponsiblePerson { get; set; } = "";
    public long VillageId { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    /// <summary>Expected yearly income gain, yuan.</summary>
    public decimal ExpectedGain { get; set; }
    public IncomeCategory GainCategory { get; set; }
    /// <summary>The month (of the plan year) from which the gain starts to come in.</summary>
    public int PaysFromMonth { get; set; } = 1;
    public MeasureStatus Status { get; set; }
    public string Evidence { get; set; } = "";
    /// <summary>When the household agreed; null only for a proposal the household declined.</summary>
    public DateOnly? ConsentOn { get; set; }
    /// <summary>How it agreed: 签字, 按手印, 口头（见证人…）.</summary>
    public string ConsentHow { get; set; } = "";
    /// <summary>Why the household declined (群众不愿意的原因); set when the measure is declined.</summary>
    public string? DeclineReason { get; set; }
    /// <summary>Channel details as JSON (see <see cref="MeasureDetails"/>).</summary>
    public string Details { get; set; } = "{}";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Raised by every change and checked in the UPDATE, so two people changing the same measure at once cannot both win.</summary>
    public int Version { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}

/// <summary>One status change of a measure: the history that lets indicators be read for any date.</summary>
public class MeasureStatusChange
{
    public long Id { get; set; }
    public long MeasureId { get; set; }
    public MeasureStatus? From { get; set; }
    public MeasureStatus To { get; set; }
    /// <summary>The date the change took effect (may be earlier than when it was recorded).</summary>
    public DateOnly On { get; set; }
    public string Evidence { get; set; } = "";
    public string By { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}
