using Qingling.Core.Plans;
using Qingling.Data.Database;

namespace Qingling.Data.Measures;

/// <summary>
/// 数据截至 of a plan: the date its figures are shown on by default (the plan pages) and published on (a county's
/// projection to its province).
/// </summary>
public static class DataDate
{
    /// <summary>
    /// Today within the plan year; after it, the year's end once its annual record is in, else the end of the latest month
    /// with income recorded, so a plan looked at long after the campaign shows it as its data last stood.
    /// </summary>
    public static DateOnly Of(QinglingDbContext db, PlanDefinition plan, DateOnly today)
    {
        if (today.Year == plan.Year) return today;
        // Once the plan year's annual record is in, the year is whole: show it at its end.
        if (today.Year > plan.Year && db.HouseholdYears.Any(f => f.Year == plan.Year)) return new DateOnly(plan.Year, 12, 31);
        var month = db.IncomeEntries.Where(e => e.Year == plan.Year && e.Month != null).Max(e => e.Month);
        if (month is { } m) return new DateOnly(plan.Year, m, DateTime.DaysInMonth(plan.Year, m));
        return today.Year < plan.Year ? new DateOnly(plan.Year, 1, 1) : new DateOnly(plan.Year, 12, 31);
    }
}
