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
        // By category value (1 to 5), on the stack: this runs for every household on every date a page or command
        // projects, and a dictionary per call was most of its time at a county's 250,000 households.
        Span<decimal> totals = stackalloc decimal[6];
        for (var i = 0; i < IncomeCategories.All.Count; i++)
        {
            var c = IncomeCategories.All[i];
            totals[(int)c] = recorded.Total(c) + Money.Round(baseline.Total(c) * rest);
        }
        foreach (var (m, status) in measures)
        {
            if (!MeasureStatuses.IsLive(status) || status == MeasureStatus.Verified) continue;
            var paying = 12 - Math.Max(months, m.PaysFromMonth - 1);
            if (paying <= 0) continue;
            totals[(int)m.GainCategory] += Money.Round(m.ExpectedGain * paying / 12m);
        }
        foreach (var (yearly, category, from) in changes ?? [])
        {
            var paying = 12 - Math.Max(months, from - 1);
            if (paying > 0) totals[(int)category] += Money.Round(yearly * paying / 12m);
        }
        return new HouseholdIncome(recorded.Year, recorded.Persons, totals[(int)IncomeCategory.Wage], totals[(int)IncomeCategory.Production],
            totals[(int)IncomeCategory.Property], totals[(int)IncomeCategory.Transfer], totals[(int)IncomeCategory.ProductionCost]);
    }
}
