namespace Qingling.Core.Supervision;

/// <summary>
/// 督办: a reminder with a deadline that 镇乡村振兴办 sends to a department or a village (方案：镇乡村振兴办负责对镇级有关部门和
/// 各村（社区）工作落实情况进行督促跟进). The recipient sees it and reports it done; both are traced.
/// </summary>
public class Reminder
{
    public long Id { get; set; }
    public string PlanKey { get; set; } = "";
    /// <summary>A department of the plan or a village.</summary>
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>The campaign date it was sent on (数据截至), which the deadline may not precede.</summary>
    public DateOnly SentOn { get; set; }
    public DateOnly Deadline { get; set; }
    public string SentBy { get; set; } = "";
    public DateTime SentAt { get; set; }
    public DateOnly? DoneOn { get; set; }
    public string DoneNote { get; set; } = "";
    public string? DoneBy { get; set; }

    public bool OverdueOn(DateOnly date) => DoneOn is null && Deadline < date;
}

/// <summary>The rhythm kept: whether the half-monthly review is overdue against the plan's interval.</summary>
public static class Cadence
{
    /// <summary>Days since the last held review (or, when none was held, since the plan year began) beyond the interval; null when on time.</summary>
    public static int? ReviewOverdueDays(DateOnly? lastHeld, DateOnly date, int everyDays, int planYear)
    {
        var since = lastHeld ?? new DateOnly(planYear, 1, 1);
        var days = date.DayNumber - since.DayNumber;
        return days > everyDays ? days - everyDays : null;
    }

    /// <summary>The sentence a pack or a page shows when the review is overdue; null when it is not.</summary>
    public static string? ReviewOverdueNote(DateOnly? lastHeld, DateOnly date, int everyDays, int planYear)
    {
        if (ReviewOverdueDays(lastHeld, date, everyDays, planYear) is not { } late) return null;
        var since = lastHeld ?? new DateOnly(planYear, 1, 1);
        var days = date.DayNumber - since.DayNumber;
        return lastHeld is { } last
            ? $"半月研判已逾期：距上次研判（{last:yyyy-MM-dd}）已{days}天，方案规定每{everyDays}天一次，超出{late}天"
            : $"半月研判已逾期：{planYear}年尚未召开过研判（自{since:yyyy-MM-dd}起已{days}天），方案规定每{everyDays}天一次";
    }
}
