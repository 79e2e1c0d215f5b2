using Qingling.Core.Households;
using Qingling.Core.Indicators;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Tests.Plans;

namespace Qingling.Tests.Measures;

public class MeasureRulesTests
{
    static Measure M(string channel, MeasureDetails? details = null, string department = "镇农业农村服务中心", MeasureStatus status = MeasureStatus.Planned, DateOnly? consent = null) => new()
    {
        HouseholdId = 1, Channel = channel, Description = "措施", Department = department, Start = new(2023, 3, 1), End = new(2023, 12, 31),
        Status = status, ConsentOn = consent ?? new DateOnly(2023, 2, 1), ConsentHow = "户主签字", Details = (details ?? new()).ToJson(),
    };

    static MemberFacts Person(int age, LabourCapacity labour = LabourCapacity.Ordinary) =>
        new(7, 1, "岩明", new DateOnly(2023 - age, 1, 1), labour);

    [Fact]
    public void A_borrower_aged_70_and_a_loan_of_60000_are_refused()
    {
        var loan = M(Channels.Finance, new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = 60_000m, TermMonths = 48, Purpose = "建房" }, "勐永信用社");
        var problems = MeasureRules.Check(PlanTests.Mengyong(), loan, Person(70));
        Assert.Contains(problems, p => p.Contains("不超过50000元") && p.Contains("60000"));
        Assert.Contains(problems, p => p.Contains("70岁") && p.Contains("18至65周岁"));
        Assert.Contains(problems, p => p.Contains("期限不超过3年"));
        Assert.Contains(problems, p => p.Contains("只能用于生产经营"));
        var withinLimits = M(Channels.Finance, new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = 50_000m, TermMonths = 36, Purpose = "生产经营" }, "勐永信用社");
        Assert.Empty(MeasureRules.Check(PlanTests.Mengyong(), withinLimits, Person(65)));
    }

    [Fact]
    public void Training_for_a_member_with_no_labour_is_refused()
    {
        var training = M(Channels.Training, department: "镇社会保障服务中心");
        Assert.Contains(MeasureRules.Check(PlanTests.Mengyong(), training, Person(40, LabourCapacity.Lost)), p => p.Contains("丧失劳动力") && p.Contains("不能安排技能培训"));
        Assert.Contains(MeasureRules.Check(PlanTests.Mengyong(), training, null), p => p.Contains("须指定本户的一名成员"));
        // Weak labour is labour only when the plan's scope says so (the Mengyong plan: it is not).
        Assert.Contains(MeasureRules.Check(PlanTests.Mengyong(), training, Person(40, LabourCapacity.Weak)), p => p.Contains("不含弱劳动力"));
        Assert.Empty(MeasureRules.Check(PlanTests.Mengyong() with { Scope = new() { WeakLabourCounts = true } }, training, Person(40, LabourCapacity.Weak)));
    }

    [Fact]
    public void No_consent_no_measure_except_a_declined_proposal()
    {
        var m = M(Channels.Industry);
        m.ConsentOn = null;
        Assert.Contains(MeasureRules.Check(PlanTests.Mengyong(), m, null), p => p.Contains("未同意"));
        m.Status = MeasureStatus.Declined;
        Assert.Contains(MeasureRules.Check(PlanTests.Mengyong(), m, null), p => p.Contains("须写明原因"));
        m.DeclineReason = "年纪大，不愿养牛";
        Assert.Empty(MeasureRules.Check(PlanTests.Mengyong(), m, null));
    }

    [Fact]
    public void An_empty_channel_or_department_is_asked_for_not_quoted_as_empty()
    {
        var m = M(Channels.Industry);
        m.Channel = "";
        m.Department = " ";
        var problems = MeasureRules.Check(PlanTests.Mengyong(), m, null);
        Assert.Contains("请选择增收渠道", problems);
        Assert.Contains("请选择责任单位", problems);
        Assert.DoesNotContain(problems, p => p.Contains("“”") || p.Contains("“ ”"));
    }

    [Fact]
    public void Owners_and_dates_must_make_sense()
    {
        var m = M(Channels.Industry);
        m.Department = "县教育局";
        m.End = new DateOnly(2023, 1, 1);
        var problems = MeasureRules.Check(PlanTests.Mengyong(), m, null);
        Assert.Contains(problems, p => p.Contains("“县教育局”不是方案中的责任单位"));
        Assert.Contains(problems, p => p.Contains("早于开始日期"));
    }

    [Fact]
    public void Status_moves_follow_the_life_of_a_measure()
    {
        Assert.True(MeasureStatuses.CanMove(MeasureStatus.Planned, MeasureStatus.UnderWay));
        Assert.True(MeasureStatuses.CanMove(MeasureStatus.Done, MeasureStatus.Verified));
        Assert.False(MeasureStatuses.CanMove(MeasureStatus.Planned, MeasureStatus.Verified));
        Assert.False(MeasureStatuses.CanMove(MeasureStatus.Declined, MeasureStatus.UnderWay));
        Assert.False(MeasureStatuses.CanMove(MeasureStatus.Verified, MeasureStatus.Cancelled));
        Assert.Equal(MeasureStatus.UnderWay, MeasureStatuses.Parse("实施中"));
        Assert.Equal(MeasureStatus.UnderWay, MeasureStatuses.Parse("under-way"));
    }

    [Fact]
    public void Projection_adds_the_rest_of_the_year_and_open_measures_but_not_verified_or_declined_ones()
    {
        var recorded = new HouseholdIncome(2023, 4, 12_000m, 3_000m, 0, 1_000m, 500m);
        var baseline = new HouseholdIncome(2022, 4, 20_000m, 8_000m, 0, 2_000m, 1_000m);
        Measure Gain(decimal gain, int from) => new() { ExpectedGain = gain, GainCategory = IncomeCategory.Wage, PaysFromMonth = from };
        var projected = IncomeProjection.Project(recorded, baseline, 6,
        [
            (Gain(12_000m, 1), MeasureStatus.UnderWay),   // 6 remaining months: 6,000
            (Gain(12_000m, 10), MeasureStatus.Planned),   // October to December: 3,000
            (Gain(12_000m, 1), MeasureStatus.Verified),   // already in the ledger
            (Gain(12_000m, 1), MeasureStatus.Declined),   // never counts
        ]);
        Assert.Equal(12_000m + 10_000m + 6_000m + 3_000m, projected.Wage);
        Assert.Equal(3_000m + 4_000m, projected.Production);
        Assert.Equal(500m + 500m, projected.ProductionCost);
        Assert.Equal(4, projected.Persons);
        Assert.Equal(recorded.NetIncome, IncomeProjection.Project(recorded, baseline, 12, []).NetIncome);
    }
}
