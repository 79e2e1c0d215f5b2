using Qingling.Core.Income;
using Qingling.Core.Measures;

namespace Qingling.Core.Indicators;

/// <summary>
/// 预计全年收入: what is recorded for the months so far, the remaining months at last year's pace, and the
/// expected gain of every live measure not yet verified for the months it pays in. Verified measures are
/// already in the ledger as income entries, so nothing is counted twice.
/// </summary>
public static class IncomeProjection
{
    /// <param name="changes">Expected changes of yearly income found by visits (signed): a lost job, a new pension.</param>
    public static HouseholdIncome Project(HouseholdIncome recorded, HouseholdIncome baseline, int monthsRecorded,
        IEnumerable<(Measure Measure, MeasureStatus Status)> measures, IEnumerable<(decimal Yearly, IncomeCategory Category, int FromMonth)>? changes = null)
    {
        var months = Math.Clamp(monthsRecorded, 0, 12);
        var rest = (12 - months) / 12m;
        var totals = IncomeCategories.All.ToDictionary(c => c, c => recorded.Total(c) + Money.Round(baseline.Total(c) * rest));
        foreach (var (m, status) in measures)
        {
            if (!MeasureStatuses.IsLive(status) || status == MeasureStatus.Verified) continue;
            var paying = 12 - Math.Max(months, m.PaysFromMonth - 1);
            if (paying <= 0) continue;
            totals[m.GainCategory] += Money.Round(m.ExpectedGain * paying / 12m);
        }
        foreach (var (yearly, category, from) in changes ?? [])
        {
            var paying = 12 - Math.Max(months, from - 1);
            if (paying > 0) totals[category] += Money.Round(yearly * paying / 12m);
        }
        return new HouseholdIncome(recorded.Year, recorded.Persons, totals[IncomeCategory.Wage], totals[IncomeCategory.Production],
            totals[IncomeCategory.Property], totals[IncomeCategory.Transfer], totals[IncomeCategory.ProductionCost]);
    }
}
