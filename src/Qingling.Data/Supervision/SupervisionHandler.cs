using Microsoft.EntityFrameworkCore;
using Qingling.Core.Indicators;
using Qingling.Core.Integrity;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Core.Regions;
using Qingling.Core.Rhythm;
using Qingling.Core.Supervision;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Integrity;
using Qingling.Data.Measures;

namespace Qingling.Data.Supervision;

/// <summary>One department's or village's open work on a date: measures, tasks, alerts and 督办, with what is overdue.</summary>
public sealed record SupervisionRow(
    string Owner, bool IsVillage, int OpenMeasures, int DueSoon, int OverdueMeasures, int OpenTasks, int OverdueTasks, int Alerts,
    int OpenReminders, int OverdueReminders, IReadOnlyList<string> OverdueItems);

/// <summary>督办: the board of every department's and village's open, due and overdue work, and the reminders sent and done.</summary>
public sealed class SupervisionHandler(Store store, PlanDefinition plan, string actor)
{
    /// <summary>Sends a 督办 to a department of the plan or a village; refused with every reason.</summary>
    public Reminder Send(string recipient, string subject, DateOnly? deadline, DateOnly sentOn)
    {
        var problems = Problems(recipient, subject, deadline, sentOn);
        if (problems.Count > 0) throw new InvalidOperationException("督办未发出：" + string.Join("；", problems));
        using var db = store.CreateContext();
        var reminder = new Reminder
        {
            PlanKey = plan.Key, Recipient = recipient, Subject = subject.Trim(), SentOn = sentOn, Deadline = deadline!.Value, SentBy = actor, SentAt = DateTime.UtcNow,
        };
        db.Reminders.Add(reminder);
        db.SaveChanges();
        AuditLog.Add(db, actor, "新增", "督办", $"督办{recipient}：{reminder.Subject}（{deadline:yyyy-MM-dd}前办结）", reminder.Id);
        db.SaveChanges();
        return reminder;
    }

    /// <summary>Everything wrong with a 督办 before it is sent, all at once (an empty list when it can go).</summary>
    IReadOnlyList<string> Problems(string recipient, string subject, DateOnly? deadline, DateOnly sentOn)
    {
        using var db = store.CreateContext();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(recipient)) problems.Add("请选择督办对象");
        else if (!plan.Departments.Contains(recipient) && !Villages(db).Contains(recipient))
            problems.Add($"督办对象“{recipient}”既不是方案的责任单位，也不是村（社区）");
        if (string.IsNullOrWhiteSpace(subject)) problems.Add("请写明督办事项");
        if (deadline is null) problems.Add("请填写办结期限");
        else if (deadline < sentOn) problems.Add($"办结期限{deadline:yyyy-MM-dd}早于督办日期{sentOn:yyyy-MM-dd}");
        return problems;
    }

    /// <summary>The recipient reports a 督办 done; <paramref name="mayAnswer"/> says whether this user answers for the recipient.</summary>
    public Reminder Complete(long id, DateOnly on, string note, Func<string, bool> mayAnswer)
    {
        using var db = store.CreateContext();
        var reminder = db.Reminders.SingleOrDefault(r => r.Id == id && r.PlanKey == plan.Key) ?? throw new KeyNotFoundException($"没有编号为{id}的督办");
        if (!mayAnswer(reminder.Recipient)) throw new KeyNotFoundException($"没有编号为{id}的督办");
        if (reminder.DoneOn is { } done) throw new InvalidOperationException($"督办#{id}已于{done:yyyy-MM-dd}办结");
        if (string.IsNullOrWhiteSpace(note)) throw new InvalidOperationException("请写明办理情况");
        (reminder.DoneOn, reminder.DoneNote, reminder.DoneBy) = (on, note.Trim(), actor);
        db.SaveChanges();
        AuditLog.Add(db, actor, "修改", "督办", $"督办#{id}（{reminder.Recipient}）办结：{reminder.DoneNote}", reminder.Id);
        db.SaveChanges();
        return reminder;
    }

    public IReadOnlyList<Reminder> Reminders(Func<string, bool> visible)
    {
        using var db = store.CreateContext();
        return db.Reminders.AsNoTracking().Where(r => r.PlanKey == plan.Key).OrderByDescending(r => r.SentAt).ThenByDescending(r => r.Id).AsEnumerable()
            .Where(r => visible(r.Recipient)).ToList();
    }

    /// <summary>Every department's and village's work on the date; measures as they stood then.</summary>
    /// <param name="input">The town's progress on the date, when the caller has it already (the web keeps it per data version).</param>
    /// <param name="integrity">The plan year's integrity report, likewise: the checks read the whole town.</param>
    public IReadOnlyList<SupervisionRow> Board(DateOnly date, CancellationToken ct = default, ProgressInput? input = null, IntegrityReport? integrity = null) =>
        BoardWithEscalations(date, ct, input, integrity).Rows;

    /// <summary>The board and, apart, the measures and tasks overdue beyond the plan's escalation threshold (逾期提级).</summary>
    public (IReadOnlyList<SupervisionRow> Rows, IReadOnlyList<Escalated> Escalated) BoardWithEscalations(DateOnly date, CancellationToken ct = default,
        ProgressInput? input = null, IntegrityReport? integrity = null)
    {
        using var db = store.CreateContext();
        input ??= ProgressQuery.Build(db, plan, date, ct);
        var code = input.Households.ToDictionary(h => h.HouseholdId, h => h.Code);
        var open = input.Measures.Where(m => m.Status is MeasureStatus.Planned or MeasureStatus.UnderWay).ToList();
        var tasks = db.Tasks.AsNoTracking().Where(t => t.PlanKey == plan.Key && t.Status == Core.Rhythm.TaskStatus.Open).ToList();
        var reminders = db.Reminders.AsNoTracking().Where(r => r.PlanKey == plan.Key && r.DoneOn == null).ToList();
        integrity ??= IntegrityQuery.Run(db, plan.Year, new IntegritySettings { Line = plan.IncomeLine });
        var alerts = Integrity.AlertHandler.NotCleared(db, plan.Year, integrity.Alerts);
        var alertHouseholds = alerts.Select(a => a.HouseholdCode).ToList();
        var byDepartment = input.Measures.Where(m => MeasureStatuses.IsLive(m.Status))
            .GroupBy(m => m.Measure.Department).ToDictionary(g => g.Key, g => g.Select(m => code.GetValueOrDefault(m.Measure.HouseholdId, "")).ToHashSet());

        SupervisionRow Row(string owner, bool village, IReadOnlyList<MeasureAt> measures, int alertCount)
        {
            var overdue = measures.Where(m => m.Measure.End < date).ToList();
            var ownTasks = tasks.Where(t => t.Owner == owner).ToList();
            var ownReminders = reminders.Where(r => r.Recipient == owner).ToList();
            var items = overdue.Select(m => $"措施#{m.Measure.Id} 户{code.GetValueOrDefault(m.Measure.HouseholdId, "")} {m.Measure.Description}（{m.Measure.End:yyyy-MM-dd}到期）")
                .Concat(ownTasks.Where(t => t.OverdueOn(date)).Select(t => $"任务#{t.Id} {t.Title}（{t.Due:yyyy-MM-dd}到期）"))
                .Concat(ownReminders.Where(r => r.OverdueOn(date)).Select(r => $"督办#{r.Id} {r.Subject}（{r.Deadline:yyyy-MM-dd}到期）")).ToList();
            return new SupervisionRow(owner, village, measures.Count, measures.Count(m => m.Measure.End >= date && m.Measure.End <= date.AddDays(ReviewPack.DueWithinDays)),
                overdue.Count, ownTasks.Count, ownTasks.Count(t => t.OverdueOn(date)), alertCount, ownReminders.Count, ownReminders.Count(r => r.OverdueOn(date)), items);
        }
        var rows = plan.Departments.Select(d => Row(d, false, open.Where(m => m.Measure.Department == d).ToList(),
            byDepartment.TryGetValue(d, out var touched) ? alertHouseholds.Count(touched.Contains) : 0)).ToList();
        rows.AddRange(Villages(db).Order(StringComparer.Ordinal).Select(v => Row(v, true, open.Where(m => m.Village == v).ToList(), alerts.Count(a => a.Village == v))));
        var escalated = Escalation.List(plan.Assessment?.EscalateAfterDays, date,
            open.Select(m => new PackMeasure(m.Measure.Id, code.GetValueOrDefault(m.Measure.HouseholdId, ""), m.Village, Channels.Name(m.Measure.Channel), m.Measure.Description, m.Measure.Department, m.Measure.End, MeasureStatuses.Name(m.Status))),
            tasks.Select(t => new PackTask(t.Id, t.Title, t.Owner, t.Due, t.HouseholdCodes, false, null, t.OverdueOn(date))));
        return (rows, escalated);
    }

    static HashSet<string> Villages(QinglingDbContext db) =>
        db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).Select(r => r.Name).ToHashSet();
}
