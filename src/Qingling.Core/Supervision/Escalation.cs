using Qingling.Core.Rhythm;

namespace Qingling.Core.Supervision;

/// <summary>A measure or task overdue beyond the plan's escalation threshold, with who answers for it.</summary>
/// <param name="Kind">measure or task.</param>
/// <param name="Owners">The department and village of a measure; the owner of a task.</param>
public sealed record Escalated(string Kind, long Id, string What, IReadOnlyList<string> Owners, DateOnly Due, int DaysOverdue)
{
    public string Label => $"{(Kind == "measure" ? "措施" : "任务")}#{Id} {What}（{string.Join("、", Owners)}负责，{Due:yyyy-MM-dd}到期，已逾期{DaysOverdue}天）";
}

/// <summary>
/// 逾期提级: the plan's 考核细则 may set a number of days past which an open measure or task is no longer the owner's to
/// chase alone — it is listed apart, for the town's review and 督办. Due that very day is not overdue; one day past is.
/// </summary>
public static class Escalation
{
    public static bool Escalates(DateOnly due, DateOnly date, int? afterDays) => afterDays is { } n && date.DayNumber - due.DayNumber > n;

    public static IReadOnlyList<Escalated> List(int? afterDays, DateOnly date, IEnumerable<PackMeasure> openMeasures, IEnumerable<PackTask> tasks)
    {
        if (afterDays is null) return [];
        var measures = openMeasures.Where(m => Escalates(m.End, date, afterDays))
            .Select(m => new Escalated("measure", m.Id, $"户{m.HouseholdCode} {m.Channel}：{m.Description}", [m.Department, m.Village], m.End, date.DayNumber - m.End.DayNumber));
        var late = tasks.Where(t => !t.Done && Escalates(t.Due, date, afterDays))
            .Select(t => new Escalated("task", t.Id, t.Title, [t.Owner], t.Due, date.DayNumber - t.Due.DayNumber));
        return measures.Concat(late).OrderByDescending(e => e.DaysOverdue).ThenBy(e => e.Kind, StringComparer.Ordinal).ThenBy(e => e.Id).ToList();
    }

    /// <summary>The heading the pack and the board give the list.</summary>
    public static string Title(int afterDays) => $"逾期超过{afterDays}天、提级督办的事项";
}
