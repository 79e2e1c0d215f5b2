using Qingling.Core.Targets;
using Qingling.Data.Database;
using Qingling.Data.Queries;

namespace Qingling.Web.Web;

/// <summary>The target list as the pages and exports show it, cut to what the user may see.</summary>
public static class TargetRows
{
    /// <summary><paramref name="ct"/>: the request's, checked between the queries so an abandoned request stops.</summary>
    /// <param name="cache">When given, the list is derived once per data version, year, rule, village and plan (it reads the year's whole ledger).</param>
    /// <param name="rule">The plan's rule (its line, and whether weak labour and 监测对象 count), as its figures count targets.</param>
    public static IReadOnlyList<TargetListRow> Load(Store store, CurrentUser current, int year, TargetRule rule, string? planKey, string? village = null, CancellationToken ct = default,
        PlanContext? cache = null)
    {
        // An abandoned request stops here; a computation others may join is not stopped by the request that started it.
        ct.ThrowIfCancellationRequested();
        var token = cache is null ? ct : CancellationToken.None;
        IReadOnlyList<TargetListRow> All()
        {
            using var c = store.CreateContext();
            return TargetQuery.Stream(c, year, rule, village, planKey, cancel: token).ToList();
        }
        // The list with each household's plan and measures, once per data version, year, rule, village and plan (it reads the
        // year's whole ledger), then cut to what this user may see.
        var all = cache is null ? All() : cache.Cached(("target-rows", year, rule, village ?? "", planKey ?? ""), All);
        ct.ThrowIfCancellationRequested();
        var rows = current.VisibleHouseholds is null ? all : all.Where(r => current.CanSee(r.Target.HouseholdId)).ToList();
        ct.ThrowIfCancellationRequested();
        return rows;
    }
}
