using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Data.Database;
using Qingling.Data.Integrity;
using Qingling.Tests.Support;

namespace Qingling.Tests.Integrity;

/// <summary>
/// The review pack runs the year's checks only when the data moved since they last ran (<see cref="AlertsChecked"/>): asked
/// again on the same data it reads the stored alerts; after any change, another line, or from the integrity command's own run,
/// the stored alerts are today's.
/// </summary>
public class AlertsCheckedTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static bool Ensure(TestDatabase db, decimal line = 10_000m)
    {
        using var c = db.Store.CreateContext();
        return AlertsChecked.Ensure(c, 2023, line);
    }

    static long Version(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return DataVersion.Current(c);
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_checks_run_again_only_after_the_data_or_the_line_changed(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = IntegrityQueryTests.Load(db);
        Assert.True(Ensure(db));
        // The first sync wrote alerts: a change of the alerts only (the checks read none), so the stamp still holds.
        var version = Version(db);
        Assert.False(Ensure(db));
        Assert.False(Ensure(db));
        Assert.Equal(version, Version(db)); // a stamp is not a data change
        Assert.True(Ensure(db, 12_000m));
        Assert.True(Ensure(db));

        // A correction: the household's wages are excluded, so its just-over-the-line alert must stop firing.
        long alertId;
        using (var c = db.Store.CreateContext())
        {
            var alert = c.Alerts.AsNoTracking().Single(a => a.HouseholdCode == town.Pushed && a.Kind == IntegrityKinds.JustOverLine && a.Year == 2023);
            Assert.True(alert.Firing);
            alertId = alert.Id;
            foreach (var e in c.IncomeEntries.Where(e => e.Year == 2023 && e.HouseholdId == alert.HouseholdId && e.Category == IncomeCategory.Wage)) e.ExcludedReason = "测试：去掉工资";
            c.SaveChanges();
        }
        Assert.True(Ensure(db));
        using (var c = db.Store.CreateContext())
            Assert.False(c.Alerts.AsNoTracking().Single(a => a.Id == alertId).Firing);
    }

    [Theory, MemberData(nameof(Providers))]
    public void Alerts_seen_again_on_another_day_change_no_data_but_a_changed_alert_does(string provider)
    {
        using var db = new TestDatabase(provider);
        IntegrityQueryTests.Load(db);
        Assert.True(Ensure(db));
        Assert.False(Ensure(db));
        var version = Version(db);
        // Yesterday's checks: the stored alerts were last seen a day ago (a save that touches only that stamp).
        using (var c = db.Store.CreateContext())
        {
            var alerts = c.Alerts.Where(a => a.Year == 2023).ToList();
            Assert.NotEmpty(alerts);
            foreach (var a in alerts) a.LastSeenAt = a.LastSeenAt.AddDays(-1);
            c.SaveChanges();
        }
        Assert.Equal(version, Version(db));
        // Today's run finds the same alerts and stamps them seen today: the figures derived from this data stay valid.
        using (var c = db.Store.CreateContext())
            AlertHandler.Sync(c, 2023, IntegrityQuery.Run(c, 2023, new IntegritySettings { Line = 10_000m }));
        using (var c = db.Store.CreateContext())
            Assert.All(c.Alerts.AsNoTracking().Where(a => a.Year == 2023 && a.Firing).ToList(), a => Assert.True(a.LastSeenAt > DateTime.UtcNow.AddHours(-1)));
        Assert.Equal(version, Version(db));
        Assert.False(Ensure(db));
        // A change to what an alert says is a change of data.
        using (var c = db.Store.CreateContext())
        {
            c.Alerts.First(a => a.Year == 2023).Reason += "（测试）";
            c.SaveChanges();
        }
        Assert.Equal(version + 1, Version(db));
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_integrity_commands_run_stamps_the_alerts_for_the_review(string provider)
    {
        using var db = new TestDatabase(provider);
        IntegrityQueryTests.Load(db);
        Assert.True(Ensure(db));
        Assert.False(Ensure(db));
        using (var c = db.Store.CreateContext())
        {
            c.IncomeEntries.First(e => e.Year == 2023).Note = "测试：一处改动";
            c.SaveChanges();
        }
        var before = Version(db);
        var run = Support.Cli.Run(db.Folder, ["integrity", "--year", "2023", "--line", "10000", "--format", "json", .. db.CliArguments]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(before, Version(db));
        Assert.False(Ensure(db));
    }
}
