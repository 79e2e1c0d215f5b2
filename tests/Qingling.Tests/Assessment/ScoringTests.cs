using Qingling.Core.Assessment;
using Qingling.Core.Plans;
using Qingling.Tests.Plans;

namespace Qingling.Tests.Assessment;

/// <summary>The 考核细则 as plan data and the pure scoring rules.</summary>
public class ScoringTests
{
    static AssessmentItem Ratio(string key, string kind, decimal points) => new() { Key = key, Name = key, Kind = kind, Points = points };

    static AssessmentDefinition Rules(params AssessmentItem[] items) => new()
    {
        Period = AssessmentPeriod.Quarter,
        Scorecards = [new ScorecardDefinition { Name = "村考核", Units = ["village"], Items = items }],
    };

    static UnitFacts Village(string name, params (string Kind, int Numerator, int Denominator)[] counts) =>
        new(UnitKind.Village, name, counts.ToDictionary(c => c.Kind, c => new ItemFacts(c.Numerator, c.Denominator, [])));

    [Fact]
    public void The_Mengyong_sample_scores_every_kind_of_unit_out_of_100()
    {
        var plan = PlanTests.Mengyong();
        Assert.Empty(PlanValidator.Problems(plan));
        var rules = plan.Assessment!;
        Assert.Equal(AssessmentPeriod.Quarter, rules.Period);
        Assert.Equal([UnitKind.Village, UnitKind.AssignedUnit, UnitKind.WorkTeam, UnitKind.Department], rules.UnitKindsAssessed);
        foreach (var kind in rules.UnitKindsAssessed)
        {
            var card = rules.For(kind)!;
            Assert.Equal(100m, card.Items.Where(i => !i.IsDeduction).Sum(i => i.Points));
            Assert.All(card.Items, i => Assert.Contains(kind, ItemKinds.AppliesTo(i.Kind)));
        }
        Assert.Contains(rules.For(UnitKind.Village)!.Items, i => i.Kind == ItemKinds.IntegrityAlerts && i.PerCase == 2m);
    }

    [Fact]
    public void Rules_that_do_not_hold_together_are_refused_with_every_reason_in_Chinese()
    {
        var plan = PlanTests.Mengyong();
        var broken = plan with
        {
            Assessment = new AssessmentDefinition
            {
                Period = "week",
                Scorecards =
                [
                    new ScorecardDefinition
                    {
                        Name = "村考核", Units = ["village", "town"],
                        Items = [Ratio("a", ItemKinds.TargetsOverLine, 50), Ratio("a", "speed", 30), Ratio("c", ItemKinds.IntegrityAlerts, 10)],
                    },
                    new ScorecardDefinition { Name = "部门考核", Units = ["department", "village"], Items = [Ratio("v", ItemKinds.HouseholdsVisited, 100)] },
                ],
            },
        };
        var problems = PlanValidator.Problems(broken);
        Assert.Contains(problems, p => p.Contains("考核周期“week”未知"));
        Assert.Contains(problems, p => p.Contains("考核对象“town”未知"));
        Assert.Contains(problems, p => p.Contains("项目“a”重复"));
        Assert.Contains(problems, p => p.Contains("考核方式“speed”未知") && p.Contains("targetsOverLine"));
        Assert.Contains(problems, p => p.Contains("是扣分项，须写明每例扣分"));
        Assert.Contains(problems, p => p.Contains("各项分值合计80分，应为100分"));
        Assert.Contains(problems, p => p.Contains("村（社区）同时列在“村考核”和“部门考核”"));
        Assert.Contains(problems, p => p.Contains("不适用于镇级责任单位"));
    }

    [Fact]
    public void An_item_earns_its_share_of_points_and_a_deduction_stops_at_its_cap()
    {
        var rules = Rules(Ratio("t", ItemKinds.TargetsOverLine, 60), Ratio("m", ItemKinds.MeasuresDoneOnTime, 40),
            new AssessmentItem { Key = "i", Name = "诚信", Kind = ItemKinds.IntegrityAlerts, Points = 5, PerCase = 2 });
        var scores = Scoring.Score(rules, [
            Village("甲村", (ItemKinds.TargetsOverLine, 2, 3), (ItemKinds.MeasuresDoneOnTime, 1, 1), (ItemKinds.IntegrityAlerts, 1, 0)),
            Village("乙村", (ItemKinds.TargetsOverLine, 3, 3), (ItemKinds.MeasuresDoneOnTime, 0, 0), (ItemKinds.IntegrityAlerts, 4, 0)),
        ]);
        var a = scores.Single(s => s.Unit == "甲村");
        Assert.Equal(40m, a.Items.Single(i => i.Key == "t").Points);
        Assert.Equal("2/3", a.Items.Single(i => i.Key == "t").Basis);
        Assert.Equal(2m, a.Items.Single(i => i.Key == "i").Points);
        Assert.Equal(78m, a.Score);
        var b = scores.Single(s => s.Unit == "乙村");
        Assert.Equal(40m, b.Items.Single(i => i.Key == "m").Points); // nothing due: nothing failed
        Assert.Contains("无应考核事项", b.Items.Single(i => i.Key == "m").Basis);
        Assert.Equal(5m, b.Items.Single(i => i.Key == "i").Points); // four cases at 2 stop at the cap of 5
        Assert.Equal(95m, b.Score);
        Assert.Equal((1, 2), (b.Rank, a.Rank));
        Assert.Contains("还有1户预计年底仍低于收入线", a.Items.Single(i => i.Key == "t").Advice);
        Assert.Contains("可再得20分", a.Items.Single(i => i.Key == "t").Advice);
    }

    [Fact]
    public void Equal_scores_share_a_rank_the_change_is_against_the_previous_period_and_a_unit_with_nothing_due_is_left_out()
    {
        var rules = Rules(Ratio("t", ItemKinds.TargetsOverLine, 100));
        var previous = new Dictionary<(UnitKind, string), decimal> { [(UnitKind.Village, "甲村")] = 60m };
        var scores = Scoring.Score(rules, [
            Village("甲村", (ItemKinds.TargetsOverLine, 1, 2)), Village("乙村", (ItemKinds.TargetsOverLine, 2, 4)),
            Village("丙村", (ItemKinds.TargetsOverLine, 0, 1)), Village("丁村", (ItemKinds.TargetsOverLine, 0, 0)),
        ], previous);
        // Ties are listed by the names' code points (乙 before 甲), ranked alike.
        Assert.Equal(["乙村:1", "甲村:1", "丙村:3"], scores.Select(s => $"{s.Unit}:{s.Rank}"));
        Assert.Equal(-10m, scores.Single(s => s.Unit == "甲村").Change);
        Assert.Null(scores.Single(s => s.Unit == "乙村").Change);
    }

    [Theory]
    [InlineData("2023Q2", "quarter", "2023-04-01", "2023-06-30", "2023Q1")]
    [InlineData("2023q1", "quarter", "2023-01-01", "2023-03-31", "2022Q4")]
    [InlineData("2023-05", "month", "2023-05-01", "2023-05-31", "2023-04")]
    [InlineData("2023", "year", "2023-01-01", "2023-12-31", "2022")]
    public void Periods_parse_as_the_plan_asks(string text, string kind, string from, string to, string previous)
    {
        var p = AssessmentPeriod.Parse(text, kind, out var problem)!;
        Assert.Null(problem);
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (p.From, p.To));
        Assert.Equal(previous, p.Previous().Key);
    }

    [Theory]
    [InlineData("2023-05", "quarter", "考核周期为季度")]
    [InlineData("2023Q5", "quarter", "季度应为1到4")]
    [InlineData("二季度", "quarter", "无法识别")]
    public void A_wrong_period_says_why(string text, string kind, string expected)
    {
        Assert.Null(AssessmentPeriod.Parse(text, kind, out var problem));
        Assert.Contains(expected, problem);
    }
}
