namespace Qingling.Core.Rhythm;

/// <summary>The kind of meeting a review is.</summary>
public enum ReviewKind { HalfMonthly = 1, Quarterly = 2 }

/// <summary>A held review (镇级半月研判 or 季度调度): when, by whom, and the figures it showed, frozen.</summary>
public class Review
{
    public long Id { get; set; }
    public string PlanKey { get; set; } = "";
    public ReviewKind Kind { get; set; }
    public DateOnly On { get; set; }
    /// <summary>The pack as it was shown, JSON: later packs compare with this, not with data corrected since.</summary>
    public string Snapshot { get; set; } = "";
    public string HeldBy { get; set; } = "";
    public DateTime HeldAt { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}

public enum TaskStatus { Open = 1, Done = 2 }

/// <summary>A decision to follow: an owner (a department or a village), a due date, the households concerned.</summary>
public class FollowUpTask
{
    public long Id { get; set; }
    public string PlanKey { get; set; } = "";
    /// <summary>The review that decided it; null for a follow-up opened by a visit that found a new risk.</summary>
    public long? ReviewId { get; set; }
    public long? VisitId { get; set; }
    public string Title { get; set; } = "";
    /// <summary>The owner: a department of the plan or a village.</summary>
    public string Owner { get; set; } = "";
    public DateOnly Due { get; set; }
    /// <summary>Household codes concerned, joined with commas.</summary>
    public string Households { get; set; } = "";
    public TaskStatus Status { get; set; } = TaskStatus.Open;
    public DateOnly? DoneOn { get; set; }
    public string DoneNote { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    public bool OverdueOn(DateOnly date) => Status == TaskStatus.Open && Due < date;
    public IReadOnlyList<string> HouseholdCodes => Households.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}
