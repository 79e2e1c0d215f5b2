using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Integrity;
using Qingling.Data.Database;

namespace Qingling.Data.Integrity;

/// <summary>
/// Whether a year's stored alerts already follow the data as it is: the checks read the whole year (9 s for 250,000
/// households), and a review pack asked twice without a change in between need not run them twice. A stamp in the
/// settings says which data version, income line and release of the checks the alerts were last brought in line with.
/// </summary>
public static class AlertsChecked
{
    /// <summary>The checks' code: a release that changes them makes every stamp old.</summary>
    static readonly string Release = $"{typeof(IntegrityReport).Assembly.ManifestModule.ModuleVersionId:N}.{typeof(AlertsChecked).Assembly.ManifestModule.ModuleVersionId:N}";

    static string Key(int year) => $"alerts_checked_{year.ToString(CultureInfo.InvariantCulture)}";

    static string Stamp(long version, decimal line) =>
        $"{version.ToString(CultureInfo.InvariantCulture)}|{line.ToString(CultureInfo.InvariantCulture)}|{Release}";

    /// <summary>
    /// Runs the year's checks and brings the stored alerts in line, unless that was done on this very data version with this
    /// line. Returns whether the checks ran.
    /// </summary>
    public static bool Ensure(QinglingDbContext db, int year, decimal line)
    {
        // Read before the checks read anything: whatever commits later has a higher version, so a stamp never claims data
        // the checks did not see. The figures' count: the checks read no alert, so the sync's own writes leave the stamp true.
        var version = DataVersion.Figures(db);
        var stamp = Stamp(version, line);
        if (db.Settings.AsNoTracking().Where(s => s.Key == Key(year)).Select(s => s.Value).FirstOrDefault() == stamp) return false;
        AlertHandler.Sync(db, year, IntegrityQuery.Run(db, year, new IntegritySettings { Line = line }));
        Mark(db, year, line, version);
        return true;
    }

    /// <summary>
    /// Records that the alerts of <paramref name="year"/> follow the data of figures version <paramref name="version"/>
    /// (<see cref="DataVersion.Figures"/>, read before the checks ran). Written outside the change tracking: a stamp is not a change of the data, and must not move its version.
    /// </summary>
    public static void Mark(QinglingDbContext db, int year, decimal line, long version) =>
        BulkRows.OnContext(db, (connection, transaction) => Audit.TableSeal.WriteSetting(connection, transaction, Key(year), Stamp(version, line)));
}
