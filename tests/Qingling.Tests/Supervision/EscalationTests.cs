using Qingling.Core.Assessment;
using Qingling.Core.Measures;
using Qingling.Core.Rhythm;
using Qingling.Core.Supervision;
using Qingling.Data.Demo;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Data.Supervision;
using Qingling.Tests.Support;

namespace Qingling.Tests.Supervision;

/// <summary>逾期提级: past the plan's number of days an overdue measure or task is listed apart, with who answers for it.</summary>
public class EscalationTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    static readonly DateOnly June30 = new(2023, 6, 30);

    [Theory]
    [InlineData(0), InlineData(-3), InlineData(366)]
    public void A_threshold_outside_one_day_to_a_year_is_refused_with_the_reason(int days)
    {
        var rules = new AssessmentDefinition { EscalateAfterDays = days };
        Assert.Contains(AssessmentValidator.Problems(rules), p => p.Contains($"逾期提级天数（escalateAfterDays）为{days}，应为1到365之间的整数"));
        Assert.DoesNotContain(AssessmentValidator.Problems(rules with { EscalateAfterDays = 30 }), p => p.Contains("escalateAfterDays"));
    }

    [Theory]
    [InlineData("2023-05-31", false), InlineData("2023-05-30", true)]
    public void Exactly_the_threshold_is_not_yet_escalated_one_day_more_is(string due, bool escalated) =>
        Assert.Equal(escalated, Escalation.Escalates(DateOnly.Parse(due), June30, 30));

    [Theory, MemberData(nameof(Providers))]
    public void A_measure_and_a_task_overdue_beyond_the_threshold_are_listed_apart_in_the_pack_and_on_the_board_with_their_owners(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        Assert.Equal(30, plan.Assessment!.EscalateAfterDays);
        long longOverdue, shortOverdue, lateTask, doneTask;
        string village, department;
        using (var c = db.Store.CreateContext())
        {
            var measures = c.Measures.Where(m => m.Status == MeasureStatus.UnderWay && m.End == new DateOnly(2023, 12, 31)).OrderBy(m => m.Id).Take(2).ToList();
            measures[0].End = new DateOnly(2023, 5, 1);
            measures[1].End = new DateOnly(2023, 6, 15);
            var tasks = new[]
            {
                new FollowUpTask { PlanKey = plan.Key, Title = "补录走访记录", Owner = "芒来村", Due = new(2023, 5, 20), CreatedBy = "测试", CreatedAt = new(2023, 5, 1, 0, 0, 0, DateTimeKind.Utc) },
                new FollowUpTask { PlanKey = plan.Key, Title = "已办结的任务", Owner = "芒来村", Due = new(2023, 5, 20), Status = Core.Rhythm.TaskStatus.Done, DoneOn = new(2023, 6, 1), CreatedBy = "测试", CreatedAt = new(2023, 5, 1, 0, 0, 0, DateTimeKind.Utc) },
            };
            c.Tasks.AddRange(tasks);
            c.SaveChanges();
            (longOverdue, shortOverdue, lateTask, doneTask) = (measures[0].Id, measures[1].Id, tasks[0].Id, tasks[1].Id);
            (village, department) = (c.Regions.Where(r => r.Id == measures[0].VillageId).Select(r => r.Name).Single(), measures[0].Department);
        }

        ReviewPack pack;
        using (var c = db.Store.CreateContext()) pack = ReviewPackBuilder.Build(c, plan, June30);
        Assert.Equal(30, pack.EscalateAfterDays);
        var measure = Assert.Single(pack.Escalated, e => e.Kind == "measure" && e.Id == longOverdue);
        Assert.Equal([department, village], measure.Owners);
        Assert.Equal(60, measure.DaysOverdue);
        Assert.DoesNotContain(pack.Escalated, e => e.Kind == "measure" && e.Id == shortOverdue);
        Assert.Contains(pack.Overdue, m => m.Id == shortOverdue);
        var task = Assert.Single(pack.Escalated, e => e.Kind == "task" && e.Id == lateTask);
        Assert.Equal(["芒来村"], task.Owners);
        Assert.Equal(41, task.DaysOverdue);
        Assert.DoesNotContain(pack.Escalated, e => e.Kind == "task" && e.Id == doneTask);
        Assert.All(pack.Escalated, e => Assert.True(e.DaysOverdue > 30));

        var (_, board) = new SupervisionHandler(db.Store, plan, "乡村振兴办").BoardWithEscalations(June30);
        Assert.Equal(pack.Escalated.Select(e => (e.Kind, e.Id)).Order(), board.Select(e => (e.Kind, e.Id)).Order());

        // Without a threshold in the plan nothing is escalated.
        var without = plan with { Assessment = plan.Assessment with { EscalateAfterDays = null } };
        using (var c = db.Store.CreateContext()) Assert.Empty(ReviewPackBuilder.Build(c, without, June30).Escalated);
    }
}
