using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Assessment;
using Qingling.Core.Indicators;
using Qingling.Core.Integrity;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Data.Database;
using Qingling.Data.Integrity;
using Qingling.Data.Measures;

namespace Qingling.Data.Assessment;

/// <summary>
/// Gathers, for a period, the facts each unit is scored on: the ledger and measures as they stood at the period's end
/// (through <see cref="ProgressQuery"/>), the visits within the period, the tasks due by its end, the 一户一策 and the
/// plan year's confirmed integrity alerts. Every count keeps the facts behind it, for the drill-down.
/// </summary>
public static class AssessmentQuery
{
    /// <summary>
    /// The plan year's confirmed alerts: a paper increase found true is held against the units answering for the
    /// household. An open alert is only a suspicion, and an explained or dismissed one was none, so neither costs
    /// points; a confirmed one counts even after its correction stopped it firing. A closed period keeps the scores
    /// frozen when its review was held, so a later confirmation moves only the open period.
    /// </summary>
    static ILookup<string, AlertRecord> ConfirmedAlerts(QinglingDbContext db, int year) =>
        db.Alerts.AsNoTracking().Where(a => a.Year == year && a.Status == AlertStatus.Confirmed)
            .OrderBy(a => a.Id).AsEnumerable().ToLookup(a => a.HouseholdCode);

    /// <param name="inputs">The plan's indicator inputs on a date when the caller keeps them (the web reads the plan's data once per change); else read here.</param>
    public static IReadOnlyList<UnitFacts> Gather(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod period, CancellationToken ct = default,
        Func<DateOnly, ProgressInput>? inputs = null)
    {
        var rules = plan.Assessment ?? throw new InvalidOperationException($"方案“{plan.Name}”没有考核细则（assessment），无法考核");
        var end = period.To;
        var input = inputs?.Invoke(end) ?? ProgressQuery.Build(db, plan, end, ct);
        var households = input.Households;
        var ids = households.Select(h => h.HouseholdId).ToHashSet();
        var code = households.ToDictionary(h => h.HouseholdId, h => h.Code);
        var register = db.Households.AsNoTracking().Select(h => new { h.Id, h.AssignedUnit, h.WorkTeam }).AsEnumerable()
            .Where(h => ids.Contains(h.Id)).ToDictionary(h => h.Id);
        ct.ThrowIfCancellationRequested();

        var under = IndicatorCalculator.UnderLine(households, h => h.Projected, plan.TargetRule).Select(t => t.HouseholdId).ToHashSet();
        var campaign = input.PlanHouseholds.Where(ids.Contains).Concat(under).ToHashSet();
        var live = input.Measures.Where(m => MeasureStatuses.IsLive(m.Status)).ToList();
        var measureIds = live.Select(m => m.Measure.Id).ToList();
        var finishedOn = db.MeasureStatusChanges.AsNoTracking()
            .Where(c => c.On <= end && (c.To == MeasureStatus.Done || c.To == MeasureStatus.Verified))
            .Select(c => new { c.MeasureId, c.On }).AsEnumerable().Where(c => measureIds.Contains(c.MeasureId))
            .GroupBy(c => c.MeasureId).ToDictionary(g => g.Key, g => g.Min(c => c.On));
        var visits = db.Visits.AsNoTracking().Where(v => v.On >= period.From && v.On <= end)
            .Select(v => new { v.Id, v.HouseholdId, v.On, v.Visitors }).AsEnumerable().Where(v => ids.Contains(v.HouseholdId))
            .GroupBy(v => v.HouseholdId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.On).ThenBy(v => v.Id).First());
        var tasks = db.Tasks.AsNoTracking().Where(t => t.PlanKey == plan.Key && t.Due <= end).OrderBy(t => t.Due).ThenBy(t => t.Id).ToList();
        // A 一户一策 is there at the period's end when a measure of it was (measures carry their dates: a plan typed in
        // later for measures agreed earlier still answers for them), or when it was created by then.
        var withMeasures = input.Measures.Select(m => m.Measure.HouseholdPlanId).ToHashSet();
        var householdPlans = db.HouseholdPlans.AsNoTracking().Where(p => p.PlanKey == plan.Key).AsEnumerable()
            .Where(p => ids.Contains(p.HouseholdId) && (p.CreatedOn <= end || withMeasures.Contains(p.Id))).ToDictionary(p => p.HouseholdId);
        var alerts = rules.Scorecards.SelectMany(s => s.Items).Any(i => i.Kind == ItemKinds.IntegrityAlerts)
            ? ConfirmedAlerts(db, plan.Year)
            : Enumerable.Empty<AlertRecord>().ToLookup(a => a.HouseholdCode);
        ct.ThrowIfCancellationRequested();

        var projected = households.ToDictionary(h => h.HouseholdId, h => h.Projected.PerCapitaNetIncome);
        string MeasureLabel(MeasureAt m) =>
            $"措施#{m.Measure.Id} 户{code.GetValueOrDefault(m.Measure.HouseholdId, "")} {Channels.Name(m.Measure.Channel)}：{m.Measure.Description}（{m.Measure.Department}，{m.Measure.Start:yyyy-MM-dd}—{m.Measure.End:yyyy-MM-dd}，{MeasureStatuses.Name(m.Status)}"
            + (finishedOn.TryGetValue(m.Measure.Id, out var f) ? $"，{f:yyyy-MM-dd}完成）" : "）");
        string HouseholdLabel(long id) => $"户{code[id]}";

        // The facts of one unit, from its households, its measures and its tasks.
        Dictionary<string, ItemFacts> Facts(IReadOnlyCollection<long> own, IReadOnlyList<MeasureAt> measures, IReadOnlyList<Core.Rhythm.FollowUpTask> owned, bool measuresOnly)
        {
            var byKind = new Dictionary<string, ItemFacts>();
            var helped = measuresOnly ? measures.Select(m => m.Measure.HouseholdId).ToHashSet() : own.ToHashSet();

            var inCampaign = helped.Where(campaign.Contains).OrderBy(id => code[id], StringComparer.Ordinal).ToList();
            byKind[ItemKinds.TargetsOverLine] = Count(inCampaign.Select(id => new FactRef("household", code[id],
                $"{HouseholdLabel(id)} 预计人均纯收入{(projected[id] is { } p ? Core.Income.Money.Show(p) + "元" : "—")}", !under.Contains(id), code[id])));

            var started = measures.Where(m => m.Measure.Start <= end).ToList();
            byKind[ItemKinds.MeasuresStarted] = Count(started.Select(m => new FactRef("measure", m.Measure.Id.ToString(), MeasureLabel(m), MeasureStatuses.HasStarted(m.Status), code.GetValueOrDefault(m.Measure.HouseholdId))));
            var due = measures.Where(m => m.Measure.End <= end).ToList();
            byKind[ItemKinds.MeasuresDoneOnTime] = Count(due.Select(m => new FactRef("measure", m.Measure.Id.ToString(), MeasureLabel(m),
                finishedOn.TryGetValue(m.Measure.Id, out var on) && on <= m.Measure.End, code.GetValueOrDefault(m.Measure.HouseholdId))));
            var finished = measures.Where(m => MeasureStatuses.IsFinished(m.Status)).ToList();
            byKind[ItemKinds.MeasuresVerified] = Count(finished.Select(m => new FactRef("measure", m.Measure.Id.ToString(), MeasureLabel(m), m.Status == MeasureStatus.Verified, code.GetValueOrDefault(m.Measure.HouseholdId))));

            byKind[ItemKinds.HouseholdsVisited] = Count(own.OrderBy(id => code[id], StringComparer.Ordinal).Select(id => visits.TryGetValue(id, out var v)
                ? new FactRef("visit", v.Id.ToString(), $"走访#{v.Id} {HouseholdLabel(id)} {v.On:yyyy-MM-dd}（{v.Visitors}）", true, code[id])
                : new FactRef("household", code[id], $"{HouseholdLabel(id)} 本期未走访", false, code[id])));

            byKind[ItemKinds.TasksOnTime] = Count(owned.Select(t => new FactRef("task", t.Id.ToString(),
                $"任务#{t.Id} {t.Title}（{t.Due:yyyy-MM-dd}前，{(t.DoneOn is { } d ? $"{d:yyyy-MM-dd}办结" : "未办结")}）",
                t.Status == Core.Rhythm.TaskStatus.Done && t.DoneOn <= t.Due, t.HouseholdCodes.FirstOrDefault())));

            var measuresOf = measures.ToLookup(m => m.Measure.HouseholdId);
            byKind[ItemKinds.HouseholdPlansComplete] = Count(helped.Where(householdPlans.ContainsKey).OrderBy(id => code[id], StringComparer.Ordinal).Select(id =>
            {
                var hp = householdPlans[id];
                var unconsented = measuresOf[id].Count(m => m.Measure.ConsentOn is null);
                var wishes = !string.IsNullOrWhiteSpace(hp.Wishes);
                var why = (wishes ? "" : "未写明群众意愿") + (unconsented == 0 ? "" : $"{(wishes ? "" : "；")}{unconsented}项措施无本人同意记录");
                return new FactRef("household", code[id], $"{HouseholdLabel(id)} 一户一策{(why.Length == 0 ? "：意愿与同意齐全" : "：" + why)}", why.Length == 0, code[id]);
            }));

            var flagged = helped.OrderBy(id => code[id], StringComparer.Ordinal).SelectMany(id => alerts[code[id]]).ToList();
            byKind[ItemKinds.IntegrityAlerts] = new ItemFacts(flagged.Count, 0,
                flagged.Select(a => new FactRef("alert", a.Id.ToString(CultureInfo.InvariantCulture),
                    $"诚信预警#{a.Id} 户{a.HouseholdCode} {IntegrityKinds.Name(a.Kind)}，{a.DecidedAt!.Value.AddHours(8):yyyy-MM-dd}查实（{a.DecidedBy}）：{a.Note}", true, a.HouseholdCode)).ToList());
            return byKind;
        }

        var units = new List<UnitFacts>();
        foreach (var kind in rules.UnitKindsAssessed)
        {
            switch (kind)
            {
                case UnitKind.Village:
                    var byVillage = households.ToLookup(h => h.Village, h => h.HouseholdId);
                    var returned = DataReturned(db, plan, period, code);
                    foreach (var village in byVillage.Select(g => g.Key).Order(StringComparer.Ordinal))
                    {
                        var facts = Facts(byVillage[village].ToList(), live.Where(m => m.Village == village).ToList(),
                            tasks.Where(t => t.Owner == village).ToList(), measuresOnly: false);
                        facts[ItemKinds.DataOnTime] = returned(village, byVillage[village].OrderBy(id => code[id], StringComparer.Ordinal).ToList());
                        units.Add(new UnitFacts(kind, village, facts));
                    }
                    break;
                case UnitKind.Department:
                    foreach (var department in plan.Departments)
                        units.Add(new UnitFacts(kind, department, Facts([], live.Where(m => m.Measure.Department == department).ToList(),
                            tasks.Where(t => t.Owner == department).ToList(), measuresOnly: true)));
                    break;
                default:
                    Func<long, string?> unitOf = kind == UnitKind.AssignedUnit ? id => register[id].AssignedUnit : id => register[id].WorkTeam;
                    var byUnit = households.Select(h => (h.HouseholdId, Unit: unitOf(h.HouseholdId)?.Trim())).Where(x => !string.IsNullOrEmpty(x.Unit)).ToLookup(x => x.Unit!, x => x.HouseholdId);
                    foreach (var unit in byUnit.Select(g => g.Key).Order(StringComparer.Ordinal))
                    {
                        var own = byUnit[unit].ToHashSet();
                        units.Add(new UnitFacts(kind, unit, Facts(own, live.Where(m => own.Contains(m.Measure.HouseholdId)).ToList(), [], measuresOnly: false)));
                    }
                    break;
            }
        }
        return units;
    }

    /// <summary>
    /// 数据按时报送: every screening round of the plan whose last day falls in the period asks for a visit of each household
    /// of its village, entered by that day (China time: the day the data reached the town, not the day written on the
    /// visit, so back-filled visits count as late). Returns the facts of one village from its households.
    /// </summary>
    static Func<string, IReadOnlyList<long>, ItemFacts> DataReturned(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod period, IReadOnlyDictionary<long, string> code)
    {
        var villageNames = db.Regions.AsNoTracking().Where(r => r.Level == Core.Regions.RegionLevel.Village).ToDictionary(r => r.Id, r => r.Name);
        var rounds = db.ScreeningRounds.AsNoTracking().Where(r => r.PlanKey == plan.Key && r.To >= period.From && r.To <= period.To)
            .OrderBy(r => r.To).ThenBy(r => r.Id).ToList();
        var roundIds = rounds.Select(r => r.Id).ToList();
        var visits = db.Visits.AsNoTracking().Where(v => roundIds.Contains(v.RoundId)).Select(v => new { v.Id, v.RoundId, v.HouseholdId, v.CreatedAt })
            .AsEnumerable().ToLookup(v => (v.RoundId, v.HouseholdId));
        var byVillage = rounds.ToLookup(r => villageNames.GetValueOrDefault(r.VillageId, ""));
        return (village, households) => Count(byVillage[village].SelectMany(r => households.Select(id =>
        {
            var first = visits[(r.Id, id)].OrderBy(v => v.CreatedAt).ThenBy(v => v.Id).FirstOrDefault();
            var entered = first is null ? (DateOnly?)null : Core.Rhythm.ReportingDay.Of(first.CreatedAt);
            var label = $"{r.Name}（{r.To:yyyy-MM-dd}截止）户{code[id]}：" + (entered is { } d ? $"{d:yyyy-MM-dd}录入{(d <= r.To ? "" : "，逾期")}" : "截止时未录入");
            return first is null
                ? new FactRef("household", code[id], label, false, code[id])
                : new FactRef("visit", first.Id.ToString(), label, entered <= r.To, code[id]);
        })));
    }

    static ItemFacts Count(IEnumerable<FactRef> facts)
    {
        var list = facts.ToList();
        return new ItemFacts(list.Count(f => f.Counted), list.Count, list);
    }
}
