namespace Qingling.Core.Households;

/// <summary>Whether a member works, by the register's 务工状况 and 务工时间（月）.</summary>
public static class Work
{
    /// <summary>What the national records write for a member who does not work.</summary>
    public static readonly IReadOnlyList<string> NotWorking = ["非务工", "未务工", "无", "否", "失业", "待业"];

    public static bool IsWorking(Member m) => IsWorking(m.WorkStatus, m.MonthsWorked);

    public static bool IsWorking(string? workStatus, int? monthsWorked) =>
        monthsWorked > 0 || (workStatus is { } s && s.Trim().Length > 0 && !NotWorking.Contains(s.Trim()));
}
