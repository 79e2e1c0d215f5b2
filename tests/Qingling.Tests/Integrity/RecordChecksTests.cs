using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Core.Measures;

namespace Qingling.Tests.Integrity;

/// <summary>The checks on how figures were recorded: stated totals, entries back-dated into a judged period, measures verified far above plan; and just over the line against the village's ordinary growth.</summary>
public class RecordChecksTests
{
    static readonly IntegritySettings Settings = new() { Line = 10_000m };

    static IntegrityCase Case(string code = "H001", decimal wage = 20_000m, decimal? previousWage = 19_000m, string village = "甲村")
    {
        var members = Enumerable.Range(1, 4).Select(i => new MemberRecord(i, i == 1 ? "户主" : "之子", LabourCapacity.Ordinary, "非务工", null)).ToList();
        HouseholdIncome I(int year, decimal w) => new(year, 4, w, 8_765.43m, 123.45m, 1_234.56m, 2_345.67m);
        return new IntegrityCase(code, village, I(2023, wage), members, previousWage is { } p ? I(2022, p) : null, previousWage is null ? null : members, [], [], []);
    }

    static List<IntegrityAlert> Run(params IntegrityCase[] cases) => IntegrityChecks.Run(cases, Settings).Alerts.ToList();

    [Fact]
    public void A_stated_total_that_does_not_add_up_is_an_alert_and_a_fen_of_rounding_is_not()
    {
        var c = Case();
        var net = c.Income.NetIncome;
        var off = Assert.Single(Run(c with { Stated = new StatedTotals(net + 1_500m, null, net, 4) }), a => a.Kind == IntegrityKinds.StatedTotals);
        Assert.Contains("相差1,500元", off.Reason);
        var perCapita = Assert.Single(Run(c with { Stated = new StatedTotals(net, Money.Round(net / 4) + 800m, net, 4) }), a => a.Kind == IntegrityKinds.StatedTotals);
        Assert.Contains("人均纯收入", perCapita.Reason);
        Assert.DoesNotContain(Run(c with { Stated = new StatedTotals(net + 0.01m, Money.Round(net / 4) - 0.01m, net, 4) }), a => a.Kind == IntegrityKinds.StatedTotals);
        Assert.DoesNotContain(Run(c), a => a.Kind == IntegrityKinds.StatedTotals);
    }

    [Fact]
    public void An_entry_recorded_after_a_review_for_a_month_it_judged_is_an_alert_with_its_key()
    {
        var held = new DateTime(2023, 6, 15, 8, 0, 0, DateTimeKind.Utc);
        var late = new LateEntry(77, 5, IncomeCategory.Wage, 3_000m, "补录人", held.AddDays(2), new DateOnly(2023, 6, 15), held);
        var alert = Assert.Single(Run(Case() with { LateEntries = [late] }), a => a.Kind == IntegrityKinds.BackDated);
        Assert.Contains("5月工资性收入3,000元由补录人于2023-06-17 16:00录入（条目#77）", alert.Reason);
        Assert.Equal("entries:77", alert.EvidenceKey);
        Assert.DoesNotContain(Run(Case()), a => a.Kind == IntegrityKinds.BackDated);
    }

    [Fact]
    public void A_measure_verified_far_above_its_expected_gain_is_an_alert_and_one_near_it_is_not()
    {
        MeasureFact M(decimal verified, decimal expected, long id) => new(Channels.Industry, "肉牛养殖", "", MeasureStatus.Verified, IncomeCategory.Production, verified, expected, id);
        var alert = Assert.Single(Run(Case() with { Measures = [M(9_000m, 3_000m, 5), M(3_500m, 3_000m, 6)] }), a => a.Kind == IntegrityKinds.MeasureAboveExpected);
        Assert.Contains("措施#5（肉牛养殖）核实收入9,000元，预期年增收3,000元（3倍）", alert.Reason);
        Assert.DoesNotContain("#6", alert.Reason);
        Assert.Equal("measures:5", alert.EvidenceKey);
        // Twice the gain but only a little money: no alert.
        Assert.DoesNotContain(Run(Case() with { Measures = [M(1_500m, 500m, 7)] }), a => a.Kind == IntegrityKinds.MeasureAboveExpected);
    }

    [Fact]
    public void Just_over_the_line_at_the_villages_ordinary_pace_is_no_alert_but_well_above_it_is()
    {
        // Peers grow 8%; a household 8% up from 9,400 crosses the line at the ordinary pace, one from 8,300 does not.
        var peers = Enumerable.Range(0, 8).Select(i => Case($"P{i}", 30_000m + i * 111.11m, (30_000m + i * 111.11m + 7_777.77m) / 1.08m - 7_777.77m)).ToList();
        HouseholdIncome I(int year, decimal perCapita) => new(year, 4, perCapita * 4 - 5_000m, 6_000m, 0, 1_000m, 2_000m);
        IntegrityCase Crossing(string code, decimal before) => Case(code) with { Income = I(2023, 10_123.45m), Previous = I(2022, before) };
        var alerts = Run([.. peers, Crossing("ORDINARY", 9_400m), Crossing("PUSHED", 8_300m)]);
        Assert.DoesNotContain(alerts, a => a.HouseholdCode == "ORDINARY" && a.Kind == IntegrityKinds.JustOverLine);
        Assert.Contains(alerts, a => a.HouseholdCode == "PUSHED" && a.Kind == IntegrityKinds.JustOverLine);
    }
}
