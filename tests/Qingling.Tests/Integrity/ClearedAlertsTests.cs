using Microsoft.EntityFrameworkCore;
using Qingling.Core.Integrity;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Integrity;
using Qingling.Tests.Support;

namespace Qingling.Tests.Integrity;

/// <summary>What a score, a board or the figures cache make of alerts and readings: found in review of the merged branches.</summary>
public class ClearedAlertsTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Fact]
    public void A_long_list_of_entries_gives_an_evidence_key_that_fits_its_column_and_names_the_same_set()
    {
        var many = Enumerable.Range(0, 60).Select(i => 1_000_000L + i).ToList();
        var key = EvidenceKeys.Of("entries:", many);
        Assert.True(key.Length <= EvidenceKeys.MaxLength, $"{key.Length} characters");
        Assert.Equal(key, EvidenceKeys.Of("entries:", Enumerable.Reverse(many)));
        Assert.NotEqual(key, EvidenceKeys.Of("entries:", many.Skip(1)));
        Assert.Equal("entries:1,2,3", EvidenceKeys.Of("entries:", [3, 1, 2]));
    }

    [Theory, MemberData(nameof(Providers))]
    public void Explained_and_dismissed_alerts_are_not_counted_against_a_unit_open_and_confirmed_ones_are(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        using var c = db.Store.CreateContext();
        var households = c.Households.AsNoTracking().OrderBy(h => h.Id).Take(4).ToList();
        var statuses = new[] { AlertStatus.Open, AlertStatus.Explained, AlertStatus.Dismissed, AlertStatus.Confirmed };
        var alerts = new List<IntegrityAlert>();
        for (var i = 0; i < 4; i++)
        {
            var h = households[i];
            c.Alerts.Add(new AlertRecord
            {
                HouseholdId = h.Id, HouseholdCode = h.Code, Village = "", Year = 2023, Kind = IntegrityKinds.RoundNumbers, EvidenceKey = "k",
                Reason = "测试", Evidence = "测试", FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow, Status = statuses[i],
            });
            alerts.Add(new IntegrityAlert(h.Code, "", IntegrityKinds.RoundNumbers, "测试", "测试") { EvidenceKey = "k" });
        }
        c.SaveChanges();
        var counted = AlertHandler.NotCleared(c, 2023, alerts).Select(a => a.HouseholdCode).ToList();
        Assert.Equal([households[0].Code, households[3].Code], counted);
        // Another year's decisions are that year's.
        Assert.Equal(4, AlertHandler.NotCleared(c, 2022, alerts).Count);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_search_by_ID_number_is_traced_but_changes_no_figure(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        using var c = db.Store.CreateContext();
        var before = DataVersion.Current(c);
        c.AuditEntries.Add(new AuditEntry { At = DateTime.UtcNow, Actor = "admin", Action = "查找", Entity = "证件号码", Summary = "按证件号码后4位“0013”查找，找到1人" });
        c.SaveChanges();
        Assert.Equal(before, DataVersion.Current(c));
        c.AuditEntries.Add(new AuditEntry { At = DateTime.UtcNow, Actor = "admin", Action = "修改", Entity = "户", Summary = "一次修改" });
        c.SaveChanges();
        Assert.Equal(before + 1, DataVersion.Current(c));
    }
}
