using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Tests.Plans;

namespace Qingling.Tests.Indicators;

/// <summary>Rounding at the target, the two seed indicators, loans capped per household: the calculator on hand-made inputs.</summary>
public class IndicatorRulesTests
{
    static HouseholdIncome Income(int year, int persons, decimal wage) => new(year, persons, wage, 0, 0, 0, 0);

    static Member Person(long id, long household, LabourCapacity labour, string? work = null, int? months = null) =>
        new() { Id = id, HouseholdId = household, Labour = labour, WorkStatus = work, MonthsWorked = months };

    /// <summary>One 脱贫户 of one person: per-capita <paramref name="last"/> in 2022, <paramref name="now"/> in 2023 (recorded and projected).</summary>
    static HouseholdProgress One(long id, decimal last, decimal now, params Member[] members) =>
        new(id, $"99{id:0000000000}", "芒来村", HouseholdType.ExitedPoverty, null,
            (members.Length > 0 ? members : [Person(id * 10, id, LabourCapacity.Ordinary, "县内务工", 6)]).Select(MemberWork.Of).ToArray(),
            Income(2022, members.Length > 0 ? members.Length : 1, last * Math.Max(1, members.Length)),
            Income(2023, members.Length > 0 ? members.Length : 1, now * Math.Max(1, members.Length)),
            Income(2023, members.Length > 0 ? members.Length : 1, now * Math.Max(1, members.Length)));

    static PlanDefinition PlanWith(params IndicatorDefinition[] indicators) => PlanTests.Mengyong() with { Indicators = indicators };

    static IndicatorResult Compute(PlanDefinition plan, IReadOnlyList<HouseholdProgress> households, IReadOnlyList<MeasureAt>? measures = null) =>
        IndicatorCalculator.Compute(new ProgressInput(plan, new DateOnly(2023, 6, 30), households, new HashSet<long>(), measures ?? [], [])).Single();

    static IndicatorDefinition Growth(decimal target) =>
        new() { Key = "g", Name = "增长", Kind = IndicatorKind.PopulationGrowth, Target = target, Unit = "%", Comparison = Comparison.AtLeast };

    [Fact]
    public void Growth_is_rounded_half_away_from_zero_before_it_is_held_against_the_target()
    {
        // 10,000 → 11,586.50 is exactly 15.865%: banker's rounding made it 15.86% (target 15.87% missed), half away from zero 15.87%.
        var exact = Compute(PlanWith(Growth(0.1587m)), [One(1, 10_000m, 11_586.50m)]);
        Assert.Equal(0.1587m, exact.Value);
        Assert.True(exact.Met);
        // One fen less is 15.8649%: 15.86%, missed on both rules — the boundary is exact.
        var below = Compute(PlanWith(Growth(0.1587m)), [One(1, 10_000m, 11_586.49m)]);
        Assert.Equal(0.1586m, below.Value);
        Assert.False(below.Met);
        // The seed's 15.88%: 15.875% is met (shown as 15.88%), 15.8749% is not.
        Assert.True(Compute(PlanWith(Growth(0.1588m)), [One(1, 10_000m, 11_587.50m)]).Met);
        Assert.False(Compute(PlanWith(Growth(0.1588m)), [One(1, 10_000m, 11_587.49m)]).Met);
        Assert.Equal(0.1587m, Ratios.Round(0.15865m));
        Assert.Equal(-0.1587m, Ratios.Round(-0.15865m));
    }

    [Fact]
    public void No_return_to_poverty_counts_exited_households_under_the_years_monitoring_line()
    {
        var indicator = new IndicatorDefinition { Key = "r", Name = "不发生返贫", Kind = IndicatorKind.HouseholdsUnderMonitoringLine, Target = 0, Unit = "户", Comparison = Comparison.AtMost };
        var plan = PlanWith(indicator) with { MonitoringLines = new Dictionary<int, decimal> { [2023] = 8_050m, [2024] = 8_700m } };
        var households = new[] { One(1, 9_000m, 8_049.99m), One(2, 9_000m, 8_050m), One(3, 12_000m, 7_000m) with { Type = HouseholdType.Ordinary } };
        var r = Compute(plan, households);
        Assert.Equal(1m, r.Value); // 8,049.99 is under 8,050; 8,050.00 is not; the 一般农户 is not a 脱贫户
        Assert.False(r.Met);
        Assert.Contains(r.Notes, n => n.Contains("8050") && n.Contains(households[0].Code));
        // The line is the plan year's: the 2024 line (8,700) would count the second household too.
        Assert.Equal(2m, Compute(plan with { Year = 2024, BaselineYear = 2023 }, households.Select(h => h with
        {
            Baseline = h.Baseline with { Year = 2023 }, Recorded = h.Recorded with { Year = 2024 }, Projected = h.Projected with { Year = 2024 },
        }).ToList()).Value);
        Assert.Contains(PlanValidator.Problems(plan with { MonitoringLines = new Dictionary<int, decimal>() }), p => p.Contains("防返贫监测收入线"));
    }

    [Fact]
    public void A_labour_household_where_nobody_works_counts_until_someone_works_or_a_job_starts()
    {
        var indicator = new IndicatorDefinition { Key = "z", Name = "零就业", Kind = IndicatorKind.ZeroEmploymentHouseholds, Target = 0, Unit = "户", Comparison = Comparison.AtMost };
        var plan = PlanWith(indicator);
        HouseholdProgress Target(long id, params Member[] m) => One(id, 8_000m, 8_000m, m);
        var idle = Target(1, Person(11, 1, LabourCapacity.Ordinary, "非务工", 0), Person(12, 1, LabourCapacity.None));
        var working = Target(2, Person(21, 2, LabourCapacity.Ordinary, "非务工", 0), Person(22, 2, LabourCapacity.Weak, "乡镇内务工", 4));
        var noLabour = Target(3, Person(31, 3, LabourCapacity.Lost, "非务工", 0));
        var withJob = Target(4, Person(41, 4, LabourCapacity.Skilled, null, null));
        var r = Compute(plan, [idle, working, noLabour, withJob]);
        Assert.Equal(2m, r.Value); // idle and withJob: nobody works by the register
        Assert.Contains(r.Notes, n => n.Contains(idle.Code));

        var job = new Measure { Id = 1, HouseholdId = 4, MemberId = 41, Channel = Channels.Employment, Start = new(2023, 4, 1), End = new(2023, 12, 31) };
        var planned = new Measure { Id = 2, HouseholdId = 1, MemberId = 11, Channel = Channels.Employment, Start = new(2023, 4, 1), End = new(2023, 12, 31) };
        Assert.Equal(1m, Compute(plan, [idle, working, noLabour, withJob],
        [
            new MeasureAt(job, MeasureStatus.UnderWay, new MeasureDetails(), "芒来村"),
            new MeasureAt(planned, MeasureStatus.Planned, new MeasureDetails(), "芒来村"), // planned is not work yet
        ]).Value);
    }

    [Fact]
    public void Microcredit_amount_counts_at_most_the_household_cap()
    {
        var indicator = new IndicatorDefinition { Key = "m", Name = "小额信贷金额", Kind = IndicatorKind.MicrocreditAmount, Target = 50_000m, Unit = "元" };
        MeasureAt Loan(long id, long household, decimal amount) => new(
            new Measure { Id = id, HouseholdId = household, Channel = Channels.Finance, Description = $"贷款{id}", Start = new(2023, 5, 1), End = new(2026, 4, 30) },
            MeasureStatus.UnderWay, new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = amount }, "芒来村");
        // Two loans of 30,000 to one household (as recorded before the household cap was enforced): 50,000 is eligible, not 60,000.
        var r = Compute(PlanWith(indicator), [One(1, 8_000m, 8_000m)], [Loan(1, 1, 30_000m), Loan(2, 1, 30_000m)]);
        Assert.Equal(50_000m, r.Value);
        Assert.Contains(r.Notes, n => n.Contains("超过每户50000元上限的10000元不计"));
        Assert.Equal(40_000m, Compute(PlanWith(indicator) with { Microcredit = new() { HouseholdCap = 40_000m } }, [One(1, 8_000m, 8_000m)], [Loan(1, 1, 30_000m), Loan(2, 1, 30_000m)]).Value);
    }

    [Fact]
    public void Each_indicator_names_whom_it_counts_and_a_wrong_population_is_refused()
    {
        var plan = PlanTests.Mengyong();
        Assert.All(plan.Indicators, i => Assert.NotNull(i.Population));
        Assert.Equal(IndicatorPopulation.TargetsWilling, plan.Indicators.Single(i => i.Key == "industry-coverage").CountedPopulation);
        Assert.Equal(IndicatorPopulation.TargetMembers, plan.Indicators.Single(i => i.Key == "trained").CountedPopulation);
        Assert.Equal(IndicatorPopulation.Baseline, plan.Indicators.Single(i => i.Key == "zero-employment").CountedPopulation);
        Assert.Equal(8_050m, plan.MonitoringLines[2023]);
        Assert.Equal((11, 52), (plan.BaselineHouseholds!.Value, plan.BaselinePersons!.Value));
        var wrong = plan with { Indicators = [.. plan.Indicators.Select(i => i.Key == "trained" ? i with { Population = IndicatorPopulation.Projects } : i)] };
        Assert.Contains(PlanValidator.Problems(wrong), p => p.Contains("技能培训人数") && p.Contains("统计对象") && p.Contains("清零对象家庭成员"));
    }
}
