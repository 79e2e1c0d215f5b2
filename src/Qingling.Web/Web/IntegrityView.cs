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
    /// <summary>The latest year with income recorded, the one an inspection looks at first.</summary>
    public static int DefaultYear(Store store)
    {
        using var db = store.CreateContext();
        return db.IncomeEntries.AsNoTracking().Select(e => (int?)e.Year).Max() ?? DateTime.Now.Year - 1;
    }

    public static (IntegrityReport Report, IReadOnlyList<IntegrityAlert> Visible, IReadOnlyDictionary<(string Code, string Kind, string Key), AlertRecord> Records) Load(
        Store store, CurrentUser current, int year, decimal line, string? household = null)
    {
        using var db = store.CreateContext();
        var report = IntegrityQuery.Run(db, year, new IntegritySettings { Line = line });
        // Recomputing keeps the states of alerts that still fire; two views at once may both insert a new alert.
        Dictionary<(string, string, string), AlertRecord> records;
        try { records = AlertHandler.Sync(db, year, report); }
        catch (DbUpdateException)
        {
            using var again = store.CreateContext();
            records = AlertHandler.Sync(again, year, report);
        }
        IEnumerable<IntegrityAlert> alerts = report.Alerts;
        if (household is not null) alerts = alerts.Where(a => a.HouseholdCode == household);
        if (current.VisibleHouseholds is { } visible)
        {
            var codes = db.Households.AsNoTracking().Select(h => new { h.Id, h.Code }).AsEnumerable()
                .Where(h => visible.Contains(h.Id)).Select(h => h.Code).ToHashSet();
            alerts = alerts.Where(a => codes.Contains(a.HouseholdCode));
        }
        return (report, alerts.ToList(), records);
    }
}
