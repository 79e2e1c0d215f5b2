using Microsoft.EntityFrameworkCore;
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
        var verifiedIncome = db.IncomeEntries.AsNoTracking().Where(e => e.HouseholdId == h.HouseholdId && e.MeasureId != null)
            .Select(e => new { e.MeasureId, e.Amount }).AsEnumerable().GroupBy(e => e.MeasureId!.Value).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
        var measures = input.Measures.Where(m => m.Measure.HouseholdId == h.HouseholdId && MeasureStatuses.IsLive(m.Status)).OrderBy(m => m.Measure.Start).ThenBy(m => m.Measure.Id)
            .Select(m => new ShowcaseMeasure(Channels.Name(m.Measure.Channel), m.Measure.Description, m.Measure.Department, MeasureStatuses.Name(m.Status),
                m.Measure.Start, m.Measure.End, m.Status == MeasureStatus.Verified, verifiedIncome.GetValueOrDefault(m.Measure.Id))).ToList();
        var words = db.Visits.AsNoTracking().Where(v => v.HouseholdId == h.HouseholdId && v.On <= date && v.HouseholdWords != "")
            .OrderBy(v => v.On).Select(v => v.HouseholdWords).ToList();
        var alerts = IntegrityQuery.Run(db, plan.Year, new IntegritySettings { Line = plan.IncomeLine }).Alerts.Count(a => a.HouseholdCode == householdCode);
        var whole = h.Projected == h.Recorded;
        return new ShowcaseFacts(h.Village, h.Projected.Persons, hp.Diagnosis, hp.Wishes, measures, h.Baseline, h.Projected, !whole, words, alerts);
    }
}
