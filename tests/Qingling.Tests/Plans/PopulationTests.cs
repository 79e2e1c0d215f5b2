using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Plans;

/// <summary>Each indicator counts the population it names: the frozen baseline list, its willing households, its members.</summary>
public class PopulationTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static IndicatorResult At(SmallTown town, string key, DateOnly? date = null)
    {
        using var c = town.Db.Store.CreateContext();
        return IndicatorCalculator.Compute(ProgressQuery.Build(c, town.Plan, date ?? new DateOnly(2023, 6, 30))).Single(r => r.Key == key);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_household_that_declined_leaves_the_coverage_denominator_and_a_non_target_household_never_enters_it(string provider)
    {
        using var town = new SmallTown(provider);
        var handler = town.Measures;
        handler.Add(SmallTown.Measure(town.Target1, Channels.Industry, "镇农业农村服务中心"));
        handler.Add(SmallTown.Measure(town.Target2, Channels.Industry, "镇农业农村服务中心", status: "declined") with
        {
            ConsentOn = null, ConsentHow = "", DeclineReason = "家中老人需照顾，不愿扩大茶园",
        });
        var coverage = At(town, "industry-coverage");
        Assert.Equal(1m, coverage.Value); // 1 of the 1 willing target (was 1 of 2)
        Assert.Equal(IndicatorPopulation.TargetsWilling, coverage.Population);
        Assert.Contains(coverage.Notes, n => n.Contains(town.Target2) && n.Contains("不愿扩大茶园"));

        // A measure for a household outside the target list (an 一般农户) gives it a 一户一策 but changes no coverage figure.
        handler.Add(SmallTown.Measure(town.Ordinary, Channels.Industry, "镇农业农村服务中心"));
        handler.Add(SmallTown.Measure(town.Above, Channels.Tourism, "镇文化和旅游广播电视体育服务中心"));
        Assert.Equal(1m, At(town, "industry-coverage").Value);

        // Declining needs a reason: a proposal declined without one is refused.
        var e = Assert.Throws<MeasureRejectedException>(() => handler.Add(SmallTown.Measure(town.Target1, Channels.Assets, "镇财政所", status: "declined") with { ConsentOn = null }));
        Assert.Contains(e.Problems, p => p.Contains("须写明原因"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void Training_and_jobs_count_only_members_of_target_households(string provider)
    {
        using var town = new SmallTown(provider);
        var handler = town.Measures;
        var ours = handler.Add(SmallTown.Measure(town.Target1, Channels.Training, "镇社会保障服务中心", town.Worker(town.Target1)));
        var theirs = handler.Add(SmallTown.Measure(town.Ordinary, Channels.Training, "镇社会保障服务中心", town.Worker(town.Ordinary)));
        handler.Move(ours.Id, MeasureStatus.Done, new(2023, 5, 20), "结业证书");
        handler.Move(theirs.Id, MeasureStatus.Done, new(2023, 5, 20), "结业证书");
        handler.Add(SmallTown.Measure(town.Ordinary, Channels.Employment, "镇社会保障服务中心", town.Worker(town.Ordinary)));
        handler.Add(SmallTown.Measure(town.Target2, Channels.Employment, "镇社会保障服务中心", town.Worker(town.Target2)));
        var trained = At(town, "trained");
        Assert.Equal(1m, trained.Value); // the 一般农户's member at 24,393 per person does not count
        Assert.Equal(IndicatorPopulation.TargetMembers, trained.Population);
        Assert.Equal(1m, At(town, "transfer-employment").Value);
    }

    [Theory, MemberData(nameof(Providers))]
    public void Weak_labour_is_refused_for_a_job_when_the_plans_labour_scope_excludes_it(string provider)
    {
        string weak = "";
        using var town = new SmallTown(provider, b =>
        {
            // The second household's members with labour: the last one becomes 弱劳动力或半劳动力, the household keeps its labour.
            var code = b.Get(4, "户编号");
            var labour = b.RowsOf(code).Where(r => b.Get(r, "劳动技能") is "普通劳动力" or "技能劳动力").ToList();
            Assert.True(labour.Count >= 2, "the generated household has two members with labour");
            b.Set(labour[^1], "劳动技能", "弱劳动力或半劳动力");
            weak = b.Get(labour[^1], "姓名");
        });
        var e = Assert.Throws<MeasureRejectedException>(() => town.Measures.Add(SmallTown.Measure(town.Target2, Channels.Employment, "镇社会保障服务中心", weak)));
        Assert.Contains(e.Problems, p => p.Contains(weak) && p.Contains("不含弱劳动力"));
        using var c = town.Db.Store.CreateContext();
        Assert.Equal(0, c.Measures.Count());
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_baseline_is_frozen_reconciled_with_the_plan_and_does_not_move_with_later_corrections(string provider)
    {
        using var town = new SmallTown(provider);
        var baseline = new BaselineHandler(town.Db.Store, "测试");
        // Not frozen yet: derived from the 2022 figures, and the plan's stated 11户52人 does not match this small town.
        var before = baseline.Show(town.Plan);
        Assert.Empty(before.Frozen);
        Assert.Equal(2, before.Current.Count);
        Assert.Contains(before.Differences, d => d.Contains("方案载明11户") && d.Contains("相差-9户"));
        Assert.Contains(before.Differences, d => d.Contains("方案载明52人") && d.Contains("7人"));

        var frozen = baseline.Freeze(town.Plan, replace: false);
        Assert.Equal(7, frozen.Sum(b => b.Persons));
        var worker = town.Worker(town.Target2);
        var training = town.Measures.Add(SmallTown.Measure(town.Target2, Channels.Training, "镇社会保障服务中心", worker));
        town.Measures.Move(training.Id, MeasureStatus.Done, new(2023, 5, 20), "结业证书");

        // A corrected 2022 export lifts the second household over the line: the frozen list and what it counts do not move.
        var row = town.Export.RowsOf(town.Target2).First();
        string Plus(string column) => (decimal.Parse(town.Export.Get(row, column), System.Globalization.CultureInfo.InvariantCulture) + 10_000m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        town.Export.SetHousehold(town.Target2, "工资性收入", Plus("工资性收入")).SetHousehold(town.Target2, "务工收入", Plus("务工收入"));
        var corrected = new Qingling.Data.Import.ImportHandler(town.Db.Store).Run(town.Export.WriteCsv(Path.Combine(town.Db.Folder, "corrected.csv")), new Qingling.Data.Import.ImportOptions(2022));
        Assert.Equal(Qingling.Data.Import.ImportOutcome.Imported, corrected.Outcome);
        Assert.Equal(1m, At(town, "trained").Value);
        Assert.Contains(At(town, "trained").Notes, n => n.Contains("已冻结"));
        var after = baseline.Show(town.Plan);
        Assert.Equal(2, after.Frozen.Count);
        Assert.Single(after.Current);
        Assert.Contains(after.Differences, d => d.Contains(town.Target2) && d.Contains("已不是清零对象"));

        var again = Assert.Throws<InvalidOperationException>(() => baseline.Freeze(town.Plan, replace: false));
        Assert.Contains("--replace", again.Message);
        Assert.Single(baseline.Freeze(town.Plan, replace: true));
        Assert.Equal(0m, At(town, "trained").Value); // refrozen: the corrected household has left the list
        using var check = town.Db.Store.CreateContext();
        var trace = check.AuditEntries.AsNoTracking().Where(a => a.Entity == "基准名单").OrderBy(a => a.Id).ToList();
        Assert.Equal(2, trace.Count);
        Assert.Contains("重新冻结", trace[1].Summary);
        Assert.Contains(town.Target2, trace[1].Before);
    }
}
