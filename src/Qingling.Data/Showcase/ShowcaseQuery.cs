using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Integrity;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Core.Showcase;
using Qingling.Data.Database;
using Qingling.Data.Integrity;
using Qingling.Data.Measures;

namespace Qingling.Data.Showcase;

/// <summary>Gathers a household's case from the record: its 一户一策, measures, income before and after, and its own words.</summary>
public static class ShowcaseQuery
{
    public static ShowcaseFacts Facts(QinglingDbContext db, PlanDefinition plan, string householdCode, DateOnly date)
    {
        var input = ProgressQuery.Build(db, plan, date);
        var h = input.Households.SingleOrDefault(x => x.Code == householdCode)
            ?? throw new InvalidOperationException($"方案“{plan.Name}”的区域内没有户编号为“{householdCode}”的户");
        var hp = db.HouseholdPlans.AsNoTracking().SingleOrDefault(p => p.PlanKey == plan.Key && p.HouseholdId == h.HouseholdId)
            ?? throw new InvalidOperationException($"户{householdCode}没有一户一策，不能作为典型案例");
        var alerts = OpenAlerts(db, plan).Count(a => a.HouseholdCode == householdCode);
        return Build(db, input, h, hp.Diagnosis, hp.Wishes, VerifiedIncome(db, [h.HouseholdId]), date, alerts);
    }

    /// <summary>
    /// The facts of every household of the plan with a 一户一策 and a measure verified with actual income, from one reading
    /// of the ledger; the caller decides which qualify (<see cref="ShowcaseDraft.Problems"/>).
    /// </summary>
    public static IReadOnlyList<(HouseholdProgress Household, ShowcaseFacts Facts)> WithVerifiedMeasures(QinglingDbContext db, PlanDefinition plan, DateOnly date, CancellationToken ct = default)
    {
        var input = ProgressQuery.Build(db, plan, date, ct);
        var verified = input.Measures.Where(m => m.Status == MeasureStatus.Verified).Select(m => m.Measure.HouseholdId).ToHashSet();
        var plans = db.HouseholdPlans.AsNoTracking().Where(p => p.PlanKey == plan.Key).AsEnumerable().Where(p => verified.Contains(p.HouseholdId)).ToDictionary(p => p.HouseholdId);
        var income = VerifiedIncome(db, plans.Keys.ToList());
        var alerts = OpenAlerts(db, plan).ToLookup(a => a.HouseholdCode);
        ct.ThrowIfCancellationRequested();
        return input.Households.Where(h => plans.ContainsKey(h.HouseholdId)).OrderBy(h => h.Village, StringComparer.Ordinal).ThenBy(h => h.Code, StringComparer.Ordinal)
            .Select(h => (h, Build(db, input, h, plans[h.HouseholdId].Diagnosis, plans[h.HouseholdId].Wishes, income, date, alerts[h.Code].Count()))).ToList();
    }

    /// <summary>Integrity alerts of the plan year that are not explained or dismissed.</summary>
    static IReadOnlyList<IntegrityAlert> OpenAlerts(QinglingDbContext db, PlanDefinition plan) =>
        AlertHandler.NotCleared(db, plan.Year, IntegrityQuery.Run(db, plan.Year, new IntegritySettings { Line = plan.IncomeLine }).Alerts);

    static Dictionary<long, decimal> VerifiedIncome(QinglingDbContext db, IReadOnlyCollection<long> households) =>
        db.IncomeEntries.AsNoTracking().Where(e => e.MeasureId != null && households.Contains(e.HouseholdId))
            .Select(e => new { e.MeasureId, e.Amount }).AsEnumerable().GroupBy(e => e.MeasureId!.Value).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));

    static ShowcaseFacts Build(QinglingDbContext db, ProgressInput input, HouseholdProgress h, string diagnosis, string wishes, IReadOnlyDictionary<long, decimal> verifiedIncome, DateOnly date, int alerts)
    {
        var measures = input.Measures.Where(m => m.Measure.HouseholdId == h.HouseholdId && MeasureStatuses.IsLive(m.Status)).OrderBy(m => m.Measure.Start).ThenBy(m => m.Measure.Id)
            .Select(m => new ShowcaseMeasure(Channels.Name(m.Measure.Channel), m.Measure.Description, m.Measure.Department, MeasureStatuses.Name(m.Status),
                m.Measure.Start, m.Measure.End, m.Status == MeasureStatus.Verified, verifiedIncome.GetValueOrDefault(m.Measure.Id))
            { ChannelKey = m.Measure.Channel }).ToList();
        var words = db.Visits.AsNoTracking().Where(v => v.HouseholdId == h.HouseholdId && v.On <= date && v.HouseholdWords != "")
            .OrderBy(v => v.On).Select(v => v.HouseholdWords).ToList();
        var whole = h.Projected == h.Recorded;
        return new ShowcaseFacts(h.Village, h.Projected.Persons, diagnosis, wishes, measures, h.Baseline, h.Projected, !whole, words, alerts);
    }

    /// <summary>Income by category before and after, for a case's table and chart.</summary>
    public static IReadOnlyList<ShowcaseFigure> Figures(ShowcaseFacts f) =>
        Enum.GetValues<IncomeCategory>().Select(c => new ShowcaseFigure(IncomeCategories.Name(c), f.Before.Total(c), f.After.Total(c)))
            .Append(new ShowcaseFigure("家庭纯收入", f.Before.NetIncome, f.After.NetIncome))
            .Append(new ShowcaseFigure("人均纯收入", f.Before.PerCapitaNetIncome ?? 0m, f.After.PerCapitaNetIncome ?? 0m)).ToList();
}
