using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Core.Rhythm;
using Qingling.Core.Targets;
using Qingling.Data.Database;
using Qingling.Data.Measures;

namespace Qingling.Data.Rhythm;

/// <summary>
/// Makes the half-monthly review pack for a date. The target list is the plan's rule on projected income
/// (recorded, the rest of the year at last year's pace, open measures, changes found by visits); what it
/// is compared with is the last held review's frozen pack, so corrections made since do not rewrite what
/// was said then.
/// </summary>
public static class ReviewPackBuilder
{
    /// <param name="alerts">
    /// False: the pack without its alert list, for <see cref="WithAlerts"/> to add once the figures are let go (a command
    /// holding the town's figures and then the checks' both years of members and ledger at once peaked at 847 MB for 250,000
    /// households, against about 430 MB for either).
    /// </param>
    public static ReviewPack Build(QinglingDbContext db, PlanDefinition plan, DateOnly date, CancellationToken ct = default, bool alerts = true)
    {
        // The checks first, when they must run at all: they are not then held beside the figures. The pack's alert list
        // below then finds them done.
        if (alerts) CheckAlerts(db, plan);
        var input = ProgressQuery.Build(db, plan, date, ct);
        return Build(db, plan, date, input, IndicatorCalculator.Compute(input), alerts);
    }

    /// <summary>The pack with its alert list: the checks brought in line first (unless done on this data), then the open alerts.</summary>
    public static ReviewPack WithAlerts(QinglingDbContext db, PlanDefinition plan, ReviewPack pack)
    {
        var heldAt = pack.LastReviewId is { } id ? db.Reviews.AsNoTracking().Where(r => r.Id == id).Select(r => (DateTime?)r.HeldAt).First() : null;
        return pack with { OpenAlerts = OpenAlerts(db, plan, heldAt) };
    }

    /// <summary>The pack from the indicators' inputs and results on the date, already computed (the web keeps them per data change).</summary>
    public static ReviewPack Build(QinglingDbContext db, PlanDefinition plan, DateOnly date, ProgressInput input, IReadOnlyList<IndicatorResult> results, bool alerts = true)
    {
        var last = db.Reviews.AsNoTracking().Where(r => r.PlanKey == plan.Key && r.On < date).OrderByDescending(r => r.On).ThenByDescending(r => r.Id).FirstOrDefault();
        var lastPack = last is null ? null : JsonSerializer.Deserialize<ReviewPack>(last.Snapshot);
        var rule = plan.TargetRule;
        var byCode = input.Households.ToDictionary(h => h.Code);
        var targets = IndicatorCalculator.UnderLine(input.Households, h => h.Projected, rule);
        var codes = targets.Select(t => t.HouseholdCode).ToList();
        var since = last?.On ?? new DateOnly(plan.Year, 1, 1).AddDays(-1);

        PackHousehold Explain(string code)
        {
            var h = byCode.GetValueOrDefault(code);
            return new PackHousehold(code, h?.Village ?? "", h?.Projected.PerCapitaNetIncome, h is null ? ["已不在本方案区域"] : Reasons(db, plan, h, since, date));
        }
        var entered = lastPack is null ? [] : codes.Except(lastPack.TargetCodes).Select(Explain).ToList();
        var left = lastPack is null ? [] : lastPack.TargetCodes.Except(codes).Select(Explain).ToList();

        var live = input.Measures.Where(m => MeasureStatuses.IsLive(m.Status)).ToList();
        var codeById = input.Households.ToDictionary(h => h.HouseholdId, h => h.Code);
        PackMeasure P(MeasureAt m) => new(m.Measure.Id, codeById.GetValueOrDefault(m.Measure.HouseholdId, ""), m.Village,
            Channels.Name(m.Measure.Channel), m.Measure.Description, m.Measure.Department, m.Measure.End, MeasureStatuses.Name(m.Status));
        var open = live.Where(m => m.Status is MeasureStatus.Planned or MeasureStatus.UnderWay).ToList();
        var due = open.Where(m => m.Measure.End >= date && m.Measure.End <= date.AddDays(ReviewPack.DueWithinDays)).Select(P).ToList();
        var overdue = open.Where(m => m.Measure.End < date).Select(P).ToList();
        var unverified = live.Where(m => m.Status == MeasureStatus.Done).Select(P).ToList();
        var started = live.Where(m => MeasureStatuses.HasStarted(m.Status) && m.Measure.Start <= date).Select(m => m.Measure.HouseholdId).ToHashSet();
        var withoutMeasure = targets.Where(t => !started.Contains(t.HouseholdId))
            .Select(t => new PackHousehold(t.HouseholdCode, t.Village, t.PerCapitaNetIncome, ["没有实施中的帮扶措施"])).ToList();

        var villagesBehind = results.SelectMany(r => r.ByVillage.Where(b => b.Met == false).Select(b => (b.Name, Why: $"{r.Name}：{Units.Show(b.Value, r.Unit)}（目标{Units.Show(r.Target, r.Unit)}）")))
            .GroupBy(x => x.Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Behind(g.Key, g.Select(x => x.Why).ToList())).ToList();
        var departmentsBehind = overdue.GroupBy(m => m.Department)
            .Select(g => new Behind(g.Key, [$"{g.Count()}项措施逾期未完成"])).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

        var tasks = db.Tasks.AsNoTracking().Where(t => t.PlanKey == plan.Key).OrderBy(t => t.Due).ThenBy(t => t.Id).AsEnumerable()
            .Where(t => t.CreatedAt <= DateTime.UtcNow && (t.Status == Core.Rhythm.TaskStatus.Open || t.DoneOn > since))
            .Select(t => new PackTask(t.Id, t.Title, t.Owner, t.Due, t.HouseholdCodes, t.Status == Core.Rhythm.TaskStatus.Done, t.DoneOn, t.OverdueOn(date))).ToList();

        var indicators = results.Select(r => new PackIndicator(r.Key, r.Name, r.Value, lastPack?.Indicators.FirstOrDefault(i => i.Key == r.Key)?.Value, r.Target, r.Unit, r.Met, r.Provisional)).ToList();
        // Only half-monthly reviews keep the half-monthly rhythm.
        var lastHalfMonthly = db.Reviews.AsNoTracking().Where(r => r.PlanKey == plan.Key && r.Kind == ReviewKind.HalfMonthly && r.On < date).Max(r => (DateOnly?)r.On);
        return new ReviewPack(plan.Key, date, last?.Id, last?.On, indicators, codes, entered, left, due, overdue, unverified, withoutMeasure, villagesBehind, departmentsBehind, tasks)
        {
            OpenAlerts = alerts ? OpenAlerts(db, plan, last?.HeldAt) : [],
            ReviewOverdue = Core.Supervision.Cadence.ReviewOverdueNote(lastHalfMonthly, date, plan.Rhythm.ReviewEveryDays, plan.Year),
            EscalateAfterDays = plan.Assessment?.EscalateAfterDays,
            Escalated = Core.Supervision.Escalation.List(plan.Assessment?.EscalateAfterDays, date, overdue, tasks),
        };
    }

    /// <summary>
    /// The plan year's open integrity alerts by village, the checks recomputed first (unless nothing changed since they last
    /// ran) so the list is today's; new are those first raised after the last review was held.
    /// </summary>
    static IReadOnlyList<PackAlerts> OpenAlerts(QinglingDbContext db, PlanDefinition plan, DateTime? lastHeld)
    {
        if (!CheckAlerts(db, plan)) return [];
        return db.Alerts.AsNoTracking().Where(a => a.Year == plan.Year && a.Firing && a.Status == Core.Integrity.AlertStatus.Open)
            .OrderBy(a => a.HouseholdCode).ThenBy(a => a.Id).AsEnumerable()
            .GroupBy(a => a.Village).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var alerts = g.Select(a => new PackAlert(a.Id, a.HouseholdCode, a.Kind, Core.Integrity.IntegrityKinds.Name(a.Kind), lastHeld is null || a.FirstSeenAt > lastHeld)).ToList();
                return new PackAlerts(g.Key, alerts.Count, alerts.Count(a => a.New), alerts);
            }).ToList();
    }

    /// <summary>Brings the plan year's alerts in line with the data (unless already done on this data); false when the year has no income to check.</summary>
    public static bool CheckAlerts(QinglingDbContext db, PlanDefinition plan)
    {
        if (!db.IncomeEntries.Any(e => e.Year == plan.Year)) return false;
        Integrity.AlertsChecked.Ensure(db, plan.Year, plan.IncomeLine);
        return true;
    }

    /// <summary>What moved a household between the last review and this date: visits, measures, income recorded, members.</summary>
    static IReadOnlyList<string> Reasons(QinglingDbContext db, PlanDefinition plan, HouseholdProgress h, DateOnly since, DateOnly date)
    {
        var reasons = new List<string>();
        foreach (var v in db.Visits.AsNoTracking().Where(v => v.HouseholdId == h.HouseholdId && v.On > since && v.On <= date).OrderBy(v => v.On))
        {
            var change = v.ExpectedChange == 0 ? "" : $"；预计年收入{(v.ExpectedChange > 0 ? "增加" : "减少")}{Money.Show(Math.Abs(v.ExpectedChange))}元（{IncomeCategories.Name(v.ExpectedChangeCategory)}，自{v.ExpectedChangeFromMonth}月）";
            reasons.Add($"{v.On:yyyy-MM-dd}入户走访（{v.Visitors}）：{v.Changes}{(v.RisksFound.Length > 0 ? "；发现风险：" + v.RisksFound : "")}{change}");
        }
        var measures = db.Measures.AsNoTracking().Where(m => m.HouseholdId == h.HouseholdId).ToDictionary(m => m.Id, m => m);
        var ids = measures.Keys.ToList();
        foreach (var c in db.MeasureStatusChanges.AsNoTracking().Where(c => ids.Contains(c.MeasureId) && c.On > since && c.On <= date).OrderBy(c => c.On).ThenBy(c => c.Id))
        {
            var m = measures[c.MeasureId];
            reasons.Add($"{c.On:yyyy-MM-dd}措施#{m.Id}（{Channels.Name(m.Channel)}：{m.Description}）{(c.From is { } f ? MeasureStatuses.Name(f) + "→" : "新增为")}{MeasureStatuses.Name(c.To)}");
        }
        var fromMonth = since.Year == plan.Year ? since.Month : 0;
        var toMonth = date.Year == plan.Year ? date.Month : date.Year > plan.Year ? 12 : 0;
        var recorded = db.IncomeEntries.AsNoTracking().Where(e => e.HouseholdId == h.HouseholdId && e.Year == plan.Year && e.Month > fromMonth && e.Month <= toMonth && e.ExcludedReason == null)
            .Select(e => new { e.Category, e.Amount }).AsEnumerable().ToList();
        if (recorded.Count > 0)
            reasons.Add($"录入{plan.Year}年{fromMonth + 1}—{toMonth}月收入{Money.Show(recorded.Sum(e => e.Category == IncomeCategory.ProductionCost ? -e.Amount : e.Amount))}元");
        foreach (var m in db.Members.AsNoTracking().Where(m => m.HouseholdId == h.HouseholdId && ((m.JoinedOn > since && m.JoinedOn <= date) || (m.LeftOn > since && m.LeftOn <= date))))
            reasons.Add(m.LeftOn is { } left && left > since ? $"{left:yyyy-MM-dd}成员{m.Name}离开" : $"{m.JoinedOn:yyyy-MM-dd}成员{m.Name}加入");
        reasons.Add($"预计人均纯收入{Money.Show(h.Projected.PerCapitaNetIncome ?? 0)}元（上年{Money.Show(h.Baseline.PerCapitaNetIncome ?? 0)}元）");
        return reasons;
    }
}
