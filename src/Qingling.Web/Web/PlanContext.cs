using Microsoft.EntityFrameworkCore;
using Qingling.Core.Indicators;
using Qingling.Core.Plans;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Data.Plans;

namespace Qingling.Web.Web;

/// <summary>The plan pages work on, the date its data stands at, and its progress as the current user may see it.</summary>
public sealed class PlanContext(Store store, CurrentUser current, IHttpContextAccessor http)
{
    PlanDefinition? _plan;
    bool _loaded;

    /// <summary>The latest plan, or null before any is loaded.</summary>
    public PlanDefinition? Plan
    {
        get
        {
            if (_loaded) return _plan;
            _loaded = true;
            using var db = store.CreateContext();
            return _plan = db.Plans.Any() ? new PlanHandler(store, current.Actor).Get(null) : null;
        }
    }

    /// <summary>
    /// 数据截至: the end of the latest month of the plan year with income recorded, or today within the
    /// plan year, so a page opened long after the campaign shows it as its data last stood.
    /// </summary>
    public DateOnly AsOf
    {
        get
        {
            var plan = Plan ?? throw new InvalidOperationException("尚未载入方案");
            using var db = store.CreateContext();
            var month = db.IncomeEntries.Where(e => e.Year == plan.Year && e.Month != null).Max(e => e.Month);
            var today = DateOnly.FromDateTime(DateTime.Now);
            if (today.Year == plan.Year) return today;
            // Once the plan year's annual record is in, the year is whole: show it at its end.
            if (today.Year > plan.Year && db.HouseholdYears.Any(f => f.Year == plan.Year)) return new DateOnly(plan.Year, 12, 31);
            if (month is { } m) return new DateOnly(plan.Year, m, DateTime.DaysInMonth(plan.Year, m));
            return today.Year < plan.Year ? new DateOnly(plan.Year, 1, 1) : new DateOnly(plan.Year, 12, 31);
        }
    }

    /// <summary>The indicators' inputs on a date, cut to the households this user may see (fund shares stay the town's).</summary>
    public ProgressInput Progress(DateOnly date)
    {
        using var db = store.CreateContext();
        // The request's token: a dashboard abandoned by its reader stops computing (its trend is a dozen of these).
        var input = ProgressQuery.Build(db, Plan!, date, http.HttpContext?.RequestAborted ?? default);
        if (current.VisibleHouseholds is not { } visible) return input;
        return input with
        {
            Households = input.Households.Where(h => visible.Contains(h.HouseholdId)).ToList(),
            PlanHouseholds = input.PlanHouseholds.Where(visible.Contains).ToHashSet(),
            Measures = input.Measures.Where(m => visible.Contains(m.Measure.HouseholdId)).ToList(),
        };
    }
}
