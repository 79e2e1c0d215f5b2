using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Core.Targets;
using Qingling.Data.Database;
using Qingling.Data.Queries;

namespace Qingling.Web.Web;

/// <summary>A target household with what the plan is doing for it: its 一户一策 and the channels of its live measures.</summary>
public sealed record TargetRow(TargetHousehold Target, bool HasPlan, IReadOnlyList<string> Channels, int Measures);

/// <summary>The target list as the pages and exports show it, cut to what the user may see.</summary>
public static class TargetRows
{
    /// <summary><paramref name="ct"/>: the request's, checked between the queries so an abandoned request stops.</summary>
    /// <param name="cache">When given, the town's list is derived once per data version, year, line and village (it reads the whole ledger of the year).</param>
    public static IReadOnlyList<TargetRow> Load(Store store, CurrentUser current, int year, decimal line, string? planKey, string? village = null, CancellationToken ct = default,
        PlanContext? cache = null)
    {
        // An abandoned request stops here; a computation others may join is not stopped by the request that started it.
        ct.ThrowIfCancellationRequested();
        var rule = new TargetRule(line);
        var token = cache is null ? ct : CancellationToken.None;
        IReadOnlyList<TargetHousehold> Town()
        {
            using var c = store.CreateContext();
            return IncomeQuery.Targets(c, year, rule, village);
        }
        IReadOnlyList<TargetRow> Rows()
        {
            var town = cache is null ? Town() : cache.Cached(("targets", year, line, village ?? ""), Town);
            var targets = town.Where(t => current.CanSee(t.HouseholdId)).ToList();
            token.ThrowIfCancellationRequested();
            using var db = store.CreateContext();
            var ids = targets.Select(t => t.HouseholdId).ToHashSet();
            var plans = db.HouseholdPlans.AsNoTracking().Where(p => p.PlanKey == planKey).Select(p => new { p.Id, p.HouseholdId }).AsEnumerable()
                .Where(p => ids.Contains(p.HouseholdId)).ToDictionary(p => p.HouseholdId, p => p.Id);
            token.ThrowIfCancellationRequested();
            var measures = db.Measures.AsNoTracking().Select(m => new { m.HouseholdId, m.Channel, m.Status }).AsEnumerable()
                .Where(m => ids.Contains(m.HouseholdId) && MeasureStatuses.IsLive(m.Status)).ToLookup(m => m.HouseholdId);
            return targets.Select(t => new TargetRow(t, plans.ContainsKey(t.HouseholdId),
                measures[t.HouseholdId].Select(m => m.Channel).Distinct().OrderBy(c => Channels.All.ToList().IndexOf(c)).ToList(), measures[t.HouseholdId].Count())).ToList();
        }
        // With the plans and measures of every listed household: once per data version and scope too (they read every
        // measure: 40 ms of each request at 250,000 households), not on every view or page of the list.
        var rows = cache is null ? Rows() : cache.Cached(("target-rows", year, line, village ?? "", planKey ?? "", cache.ScopeKey), Rows);
        ct.ThrowIfCancellationRequested();
        return rows;
    }
}
