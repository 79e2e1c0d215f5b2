namespace Qingling.Core.Showcase;

/// <summary>Where a 典型案例 stands: drafted and edited by staff, approved by the town, then published.</summary>
public enum ShowcaseStatus { Draft = 1, Approved = 2, Published = 3 }

/// <summary>
/// A 典型案例 write-up of one household: its text (kept clean of names, ID and phone numbers on every save), the income
/// figures it shows, and who drafted, approved and published it. Every version of the text is kept in
/// <see cref="ShowcaseVersion"/>.
/// </summary>
public class ShowcaseCase
{
    public long Id { get; set; }
    public string PlanKey { get; set; } = "";
    public long HouseholdId { get; set; }
    public string Village { get; set; } = "";
    /// <summary>The channel (增收渠道 key) of the case: the one its verified measures brought most income through.</summary>
    public string Channel { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>Income before and after by category, JSON of <see cref="ShowcaseFigure"/>: the table and chart of the case.</summary>
    public string Figures { get; set; } = "[]";
    public int BeforeYear { get; set; }
    public int AfterYear { get; set; }
    public int Version { get; set; } = 1;
    public ShowcaseStatus Status { get; set; } = ShowcaseStatus.Draft;
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTime? PublishedAt { get; set; }
}

/// <summary>One saved version of a case's text: who wrote it and when.</summary>
public class ShowcaseVersion
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public int Version { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public string EditedBy { get; set; } = "";
    public DateTime EditedAt { get; set; }
}

/// <summary>
/// 同意公开宣传: the household agreed that its case be shown as an example. Recorded per household with who recorded it,
/// the date the household agreed and how (户主签字, 口头同意并录音 …); the latest record counts. No case is approved or
/// published without it (方案：尊重群众意愿).
/// </summary>
public class PublicityConsent
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public DateOnly On { get; set; }
    public string How { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}

/// <summary>One income category's figure before and after, for a case's table and chart.</summary>
public sealed record ShowcaseFigure(string Category, decimal Before, decimal After);

public static class ShowcaseStatuses
{
    public static string Name(ShowcaseStatus s) => s switch
    {
        ShowcaseStatus.Draft => "草稿",
        ShowcaseStatus.Approved => "已审核",
        ShowcaseStatus.Published => "已发布",
        _ => s.ToString(),
    };
}
