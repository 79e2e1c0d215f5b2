using Microsoft.EntityFrameworkCore;
using Qingling.Core.Integrity;
using Qingling.Data.Database;
using Qingling.Data.Integrity;

namespace Qingling.Web.Web;

/// <summary>
/// The year's integrity alerts as one user may see them: the checks run over the whole town (peers and copies need
/// everyone), then the list is cut to the households the user's role and scope allow.
/// </summary>
public static class IntegrityView
{
    /// <summary>
    /// The latest year with income recorded, the one an inspection looks at first: once per data version (no index leads by year, so the ledger is read whole: 0.35 s a
    /// request at 250,000 households).
    /// </summary>
    public static int DefaultYear(Store store, PlanContext context) => context.Cached("integrity-default-year", () =>
    {
        using var db = store.CreateContext();
        return new System.Runtime.CompilerServices.StrongBox<int>(db.IncomeEntries.AsNoTracking().Select(e => (int?)e.Year).Max() ?? DateTime.Now.Year - 1);
    }).Value;

    /// <param name="cache">
    /// When given, the town's report is computed once per data version, year and line (it reads the whole town), and the
    /// alerts' stored states synced with it once too: a sync that writes bumps the version, so the next request syncs again
    /// and finds nothing to write.
    /// </param>
    public static (IntegrityReport Report, IReadOnlyList<IntegrityAlert> Visible, IReadOnlyDictionary<(string Code, string Kind, string Key), AlertRecord> Records) Load(
        Store store, CurrentUser current, int year, decimal line, string? household = null, PlanContext? cache = null)
    {
        using var db = store.CreateContext();
        // The figures' count the report derives from, read before it: a sync stamps the year's alerts with it and its line.
        var figures = cache?.FiguresVersion ?? DataVersion.Figures(db);
        IntegrityReport Run()
        {
            using var c = store.CreateContext();
            return IntegrityQuery.Run(c, year, new IntegritySettings { Line = line });
        }
        var report = cache is null ? Run() : cache.Integrity(year, line);
        // Recomputing keeps the states of alerts that still fire; two views at once may both insert a new alert.
        Dictionary<(string, string, string), AlertRecord> Sync()
        {
            try
            {
                using var c = store.CreateContext();
                return Stamped(c, AlertHandler.Sync(c, year, report));
            }
            catch (DbUpdateException)
            {
                using var again = store.CreateContext();
                return Stamped(again, AlertHandler.Sync(again, year, report));
            }
        }
        // The alerts now follow this line: say so, so that a review at another line runs the checks again (the review trusts
        // the stamp, and alerts written by a sync move only every change's count, not the figures' it is stamped with).
        Dictionary<(string, string, string), AlertRecord> Stamped(QinglingDbContext c, Dictionary<(string, string, string), AlertRecord> synced)
        {
            AlertsChecked.Mark(c, year, line, figures);
            return synced;
        }
        var records = cache is null ? Sync() : cache.Cached(("integrity-records", year, line), Sync);
        IEnumerable<IntegrityAlert> alerts = report.Alerts;
        if (household is not null) alerts = alerts.Where(a => a.HouseholdCode == household);
        if (current.VisibleHouseholds is { } visible)
        {
            // The codes of the user's households: read from every household (250,000 at a county's size), so once per data
            // version and scope when the pages' cache is at hand, not on every view.
            HashSet<string> Codes() => db.Households.AsNoTracking().Select(h => new { h.Id, h.Code }).AsEnumerable()
                .Where(h => visible.Contains(h.Id)).Select(h => h.Code).ToHashSet(StringComparer.Ordinal);
            var codes = cache is null ? Codes() : cache.Cached(("visible-codes", cache.ScopeKey), Codes);
            alerts = alerts.Where(a => codes.Contains(a.HouseholdCode));
        }
        return (report, alerts.ToList(), records);
    }
}
