using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Core.Measures;

namespace Qingling.Tests.Integrity;

/// <summary>The pure 数字增收 rules: each kind raises its alert on a paper increase, and stays quiet when the record explains it.</summary>
public class IntegrityChecksTests
{
    static readonly IntegritySettings Settings = new() { Line = 10_000m };

    static MemberRecord Person(long id, LabourCapacity labour = LabourCapacity.Ordinary, string work = "非务工", int months = 0) =>
        new(id, id == 1 ? "户主" : "之子", labour, work, months);

    static HouseholdIncome Income(int year, int persons, decimal wage, decimal production, decimal property, decimal transfer, decimal cost) =>
        new(year, persons, wage, production, property, transfer, cost);

    static IntegrityCase Case(string code, HouseholdIncome now, HouseholdIncome? before, IReadOnlyList<MemberRecord>? members = null, IReadOnlyList<MemberRecord>? previousMembers = null,
        IReadOnlyList<MeasureFact>? measures = null, IReadOnlyList<VisitFact>? visits = null, string village = "甲村")
    {
        var m = members ?? Enumerable.Range(1, now.Persons).Select(i => Person(i)).ToList();
        return new IntegrityCase(code, village, now, m, before, before is null ? null : previousMembers ?? m, measures ?? [], visits ?? [], []);
    }

    static List<IntegrityAlert> Alerts(params IntegrityCase[] cases) => IntegrityChecks.Run(cases, Settings).Alerts.ToList();

    /// <summary>Ordinary households with irregular figures and modest growth: the village's peers.</summary>
    static IEnumerable<IntegrityCase> Peers(int count, string village = "甲村") => Enumerable.Range(0, count).Select(i =>
        Case($"P{i:000}", Income(2023, 4, 30_123.45m + i * 97.31m, 12_345.67m + i * 13.17m, 321.09m, 1_234.56m + i, 3_210.98m + i * 7.3m),
            Income(2022, 4, 28_456.12m + i * 91.03m, 11_876.54m + i * 12.9m, 310.77m, 1_201.33m + i, 3_100.21m + i * 7.1m), village: village));

    // --- just over the line ---

    static IntegrityCase JustOver(IReadOnlyList<MeasureFact>? measures = null, IReadOnlyList<MemberRecord>? previousMembers = null, IReadOnlyList<VisitFact>? visits = null) =>
        Case("J001", Income(2023, 4, 25_612.34m, 15_501.27m, 0, 1_300.55m, 2_100.16m), Income(2022, 4, 24_012.34m, 13_801.27m, 0, 1_300.55m, 2_000.16m),
            measures: measures, previousMembers: previousMembers, visits: visits);

    [Fact]
    public void A_household_pushed_just_over_the_line_with_nothing_behind_it_is_an_alert()
    {
        var alert = Assert.Single(Alerts(JustOver()), a => a.Kind == IntegrityKinds.JustOverLine);
        Assert.Equal("J001", alert.HouseholdCode);
        Assert.Contains("10,078.5", alert.Reason);
        Assert.Contains("9,278.5", alert.Reason);
        Assert.Contains("增加3,200元", alert.Reason);
        Assert.Contains("无成员开始务工", alert.Evidence);
    }

    [Fact]
    public void Just_over_the_line_after_a_verified_measure_or_a_member_starting_work_is_no_alert()
    {
        var verified = new MeasureFact(Channels.Industry, "茶叶种植", "", MeasureStatus.Verified, IncomeCategory.Production, 1_700m);
        Assert.DoesNotContain(Alerts(JustOver(measures: [verified])), a => a.Kind == IntegrityKinds.JustOverLine);
        var before = new List<MemberRecord> { Person(1), Person(2), Person(3), Person(4) };
        var now = JustOver() with { Members = [Person(1, work: "省外务工", months: 6), Person(2), Person(3), Person(4)], PreviousMembers = before };
        Assert.DoesNotContain(Alerts(now), a => a.Kind == IntegrityKinds.JustOverLine);
        var visit = new VisitFact(new DateOnly(2023, 4, 1), 1_800m, IncomeCategory.Production, "新种甘蔗");
        Assert.DoesNotContain(Alerts(JustOver(visits: [visit])), a => a.Kind == IntegrityKinds.JustOverLine);
        // A verified measure that covers a sliver of the rise does not explain it.
        var small = verified with { VerifiedIncome = 100m };
        Assert.Contains(Alerts(JustOver(measures: [small])), a => a.Kind == IntegrityKinds.JustOverLine);
    }

    [Fact]
    public void A_year_of_months_entered_so_far_is_not_judged_against_the_yearly_line()
    {
        var report = IntegrityChecks.Run([.. Peers(8), JustOver(), Jump()], Settings, wholeYear: false);
        Assert.DoesNotContain(report.Alerts, a => a.Kind is IntegrityKinds.JustOverLine or IntegrityKinds.UnexplainedJump);
        Assert.Empty(report.Bunching);
        Assert.False(report.WholeYear);
    }

    [Fact]
    public void Bunching_compares_each_villages_share_just_above_with_the_towns()
    {
        var cases = new List<IntegrityCase>
        {
            Case("A1", Income(2023, 1, 10_100m, 0, 0, 0, 0), null), Case("A2", Income(2023, 1, 10_300m, 0, 0, 0, 0), null),
            Case("A3", Income(2023, 1, 9_800m, 0, 0, 0, 0), null),
            Case("B1", Income(2023, 1, 9_700m, 0, 0, 0, 0), null, village: "乙村"), Case("B2", Income(2023, 1, 10_200m, 0, 0, 0, 0), null, village: "乙村"),
            Case("B3", Income(2023, 1, 9_600m, 0, 0, 0, 0), null, village: "乙村"), Case("B4", Income(2023, 1, 20_000m, 0, 0, 0, 0), null, village: "乙村"),
        };
        var bunching = IntegrityChecks.Bunching(cases, Settings);
        var a = bunching.Single(b => b.Village == "甲村");
        Assert.Equal((2, 1), (a.JustAbove, a.JustBelow));
        Assert.Equal(0.6667m, a.Share);
        Assert.Equal(0.5m, a.TownShare);
        var b = bunching.Single(b => b.Village == "乙村");
        Assert.Equal((1, 2, 0.3333m), (b.JustAbove, b.JustBelow, b.Share));
    }

    // --- copy-paste ---

    [Fact]
    public void Identical_and_proportional_figures_are_copy_paste()
    {
        var figures = Income(2023, 4, 18_234.50m, 9_876.10m, 0, 1_234.70m, 2_345.60m);
        var doubled = Income(2023, 4, 36_469.00m, 19_752.20m, 0, 2_469.40m, 4_691.20m);
        var alerts = Alerts([.. Peers(5), Case("C1", figures, null), Case("C2", figures, null, village: "乙村"), Case("C3", doubled, null)]);
        var copies = alerts.Where(a => a.Kind == IntegrityKinds.CopyPaste).ToList();
        Assert.Equal(["C1", "C2", "C3"], copies.Select(a => a.HouseholdCode).Order());
        Assert.Contains("C2（乙村）", copies.Single(a => a.HouseholdCode == "C1").Evidence);
        Assert.Contains("比例", copies.Single(a => a.HouseholdCode == "C3").Reason);
    }

    [Fact]
    public void Equal_pensions_alone_and_different_figures_are_no_copy_paste()
    {
        var pension = Income(2023, 1, 0, 0, 0, 2_400m, 0);
        var alerts = Alerts([.. Peers(5), Case("E1", pension, null), Case("E2", pension, null)]);
        Assert.DoesNotContain(alerts, a => a.Kind == IntegrityKinds.CopyPaste);
    }

    // --- round numbers ---

    [Fact]
    public void All_round_figures_where_the_rest_of_the_data_is_not_are_an_alert()
    {
        var alerts = Alerts([.. Peers(10), Case("R1", Income(2023, 3, 20_000m, 8_000m, 0, 1_200m, 2_000m), null)]);
        var alert = Assert.Single(alerts, a => a.Kind == IntegrityKinds.RoundNumbers);
        Assert.Equal("R1", alert.HouseholdCode);
        Assert.Contains("20,000", alert.Reason);
    }

    [Fact]
    public void Round_figures_are_no_alert_where_most_of_the_data_is_round_or_one_figure_is_not()
    {
        var roundTown = Enumerable.Range(0, 5).Select(i => Case($"T{i}", Income(2023, 3, 20_000m + i * 1000, 8_000m, 0, 1_200m, 2_000m + i * 100), null)).ToArray();
        Assert.DoesNotContain(Alerts(roundTown), a => a.Kind == IntegrityKinds.RoundNumbers);
        var alerts = Alerts([.. Peers(10), Case("R2", Income(2023, 3, 20_000m, 8_000m, 0, 1_234.56m, 2_000m), null)]);
        Assert.DoesNotContain(alerts, a => a.Kind == IntegrityKinds.RoundNumbers);
    }

    // --- unexplained jump ---

    static IntegrityCase Jump(IReadOnlyList<MemberRecord>? members = null, IReadOnlyList<MemberRecord>? previous = null, IReadOnlyList<MeasureFact>? measures = null) =>
        Case("U1", Income(2023, 4, 30_512.11m, 24_321.50m, 0, 1_200.13m, 3_050.22m), Income(2022, 4, 30_100.44m, 6_123.70m, 0, 1_180.13m, 2_950.22m),
            members, previous, measures);

    [Fact]
    public void A_category_that_quadruples_beyond_its_peers_with_nothing_behind_it_is_an_unexplained_jump()
    {
        var alert = Assert.Single(Alerts([.. Peers(8), Jump()]), a => a.Kind == IntegrityKinds.UnexplainedJump);
        Assert.Equal("U1", alert.HouseholdCode);
        Assert.Contains("生产经营性收入由6,123.7元增至24,321.5元", alert.Reason);
        Assert.Contains("中位增幅", alert.Reason);
    }

    [Fact]
    public void A_jump_explained_by_a_verified_measure_is_no_alert_but_a_wage_change_does_not_explain_production()
    {
        var verified = new MeasureFact(Channels.Industry, "肉牛养殖", "", MeasureStatus.Verified, IncomeCategory.Production, 16_000m);
        Assert.DoesNotContain(Alerts([.. Peers(8), Jump(measures: [verified])]), a => a.Kind == IntegrityKinds.UnexplainedJump);
        var before = Enumerable.Range(1, 4).Select(i => Person(i)).ToList();
        var after = new List<MemberRecord> { Person(1, work: "省外务工", months: 10), Person(2), Person(3), Person(4) };
        Assert.Contains(Alerts([.. Peers(8), Jump(after, before)]), a => a.Kind == IntegrityKinds.UnexplainedJump);
    }

    [Fact]
    public void Wages_that_appear_when_a_member_starts_migrant_work_are_no_jump()
    {
        var before = Enumerable.Range(1, 4).Select(i => Person(i)).ToList();
        var after = new List<MemberRecord> { Person(1, work: "省外务工", months: 10), Person(2), Person(3), Person(4) };
        var c = Case("W1", Income(2023, 4, 42_000.37m, 6_200.11m, 0, 1_200.13m, 1_050.22m), Income(2022, 4, 0, 6_123.70m, 0, 1_180.13m, 1_000.22m), after, before);
        Assert.DoesNotContain(Alerts([.. Peers(8), c]), a => a.Kind == IntegrityKinds.UnexplainedJump);
        Assert.Contains(Alerts([.. Peers(8), c with { Members = before }]), a => a.Kind == IntegrityKinds.UnexplainedJump);
    }

    // --- consistency ---

    [Fact]
    public void Production_without_cost_is_an_alert_and_with_cost_is_not()
    {
        Assert.Contains(Alerts(Case("K1", Income(2023, 2, 10_000.5m, 5_000.25m, 0, 0, 0), null)), a => a.Kind == IntegrityKinds.ProductionNoCost);
        Assert.DoesNotContain(Alerts(Case("K2", Income(2023, 2, 10_000.5m, 5_000.25m, 0, 0, 900.1m), null)), a => a.Kind == IntegrityKinds.ProductionNoCost);
    }

    [Fact]
    public void Industry_help_without_production_income_is_an_alert_unless_the_help_has_not_started()
    {
        var tea = new MeasureFact(Channels.Industry, "茶叶种植", "", MeasureStatus.UnderWay, IncomeCategory.Production, 0);
        var income = Income(2023, 2, 20_000.5m, 0, 0, 300.2m, 0);
        var alert = Assert.Single(Alerts(Case("I1", income, null, measures: [tea])), a => a.Kind == IntegrityKinds.IndustryHelpNoProduction);
        Assert.Contains("茶叶种植", alert.Reason);
        Assert.DoesNotContain(Alerts(Case("I2", income, null, measures: [tea with { Status = MeasureStatus.Planned }])), a => a.Kind == IntegrityKinds.IndustryHelpNoProduction);
        Assert.DoesNotContain(Alerts(Case("I3", income with { Production = 800.3m, ProductionCost = 100.1m }, null, measures: [tea])), a => a.Kind == IntegrityKinds.IndustryHelpNoProduction);
    }

    [Fact]
    public void Employment_help_or_a_public_welfare_post_without_wages_is_an_alert()
    {
        var income = Income(2023, 2, 0, 8_000.5m, 0, 300.2m, 1_000.3m);
        var job = new MeasureFact(Channels.Employment, "东西部劳务协作", "", MeasureStatus.Done, IncomeCategory.Wage, 0);
        var post = new MeasureFact(Channels.Transfers, "公益性岗位", "护林员", MeasureStatus.UnderWay, IncomeCategory.Wage, 0);
        Assert.Contains(Alerts(Case("E1", income, null, measures: [job])), a => a.Kind == IntegrityKinds.EmploymentHelpNoWage);
        Assert.Contains(Alerts(Case("E2", income, null, measures: [post])), a => a.Kind == IntegrityKinds.EmploymentHelpNoWage);
        Assert.DoesNotContain(Alerts(Case("E3", income with { Wage = 9_600.4m }, null, measures: [job, post])), a => a.Kind == IntegrityKinds.EmploymentHelpNoWage);
        Assert.DoesNotContain(Alerts(Case("E4", income, null, measures: [job with { Status = MeasureStatus.Cancelled }])), a => a.Kind == IntegrityKinds.EmploymentHelpNoWage);
    }

    [Fact]
    public void Dibao_without_transfer_income_is_an_alert()
    {
        var income = Income(2023, 2, 5_000.5m, 3_000.5m, 0, 0, 500.3m);
        var dibao = new MeasureFact(Channels.Transfers, "最低生活保障", "纳入农村低保", MeasureStatus.Verified, IncomeCategory.Transfer, 0);
        Assert.Contains(Alerts(Case("D1", income, null, measures: [dibao])), a => a.Kind == IntegrityKinds.DibaoNoTransfer);
        Assert.DoesNotContain(Alerts(Case("D2", income with { Transfer = 3_720.5m }, null, measures: [dibao])), a => a.Kind == IntegrityKinds.DibaoNoTransfer);
        var ecology = dibao with { Kind = "森林生态效益补偿", Description = "落实补偿" };
        Assert.DoesNotContain(Alerts(Case("D3", income, null, measures: [ecology])), a => a.Kind == IntegrityKinds.DibaoNoTransfer);
    }

    [Fact]
    public void A_labour_household_living_on_transfers_only_is_an_alert_and_one_without_labour_is_not()
    {
        var income = Income(2023, 2, 0, 0, 0, 6_000.5m, 0);
        var alert = Assert.Single(Alerts(Case("L1", income, null)), a => a.Kind == IntegrityKinds.LabourOnlyTransfers);
        Assert.Contains("有劳动力2人", alert.Reason);
        var elderly = new List<MemberRecord> { Person(1, LabourCapacity.Lost), Person(2, LabourCapacity.None) };
        Assert.DoesNotContain(Alerts(Case("L2", income, null, elderly)), a => a.Kind == IntegrityKinds.LabourOnlyTransfers);
    }

    [Fact]
    public void Kinds_parse_from_key_or_chinese_name()
    {
        Assert.Equal(IntegrityKinds.CopyPaste, IntegrityKinds.Parse("收入数据雷同"));
        Assert.Equal(IntegrityKinds.JustOverLine, IntegrityKinds.Parse(" just-over-line "));
        Assert.Null(IntegrityKinds.Parse("nonsense"));
    }
}
