using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Data.Demo;
using Qingling.Data.Funds;
using Qingling.Data.Import;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Measures;

/// <summary>Plans, measures and indicators end to end, on each database.</summary>
public class PlanProgressTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>Two target households of Mengyong town, 4 and 3 people, in 2022.</summary>
    static (TestDatabase Db, ExportBuilder Export) Town(string provider)
    {
        var db = new TestDatabase(provider);
        var b = new ExportBuilder()
            .Add(ExportBuilder.Household(1, HouseholdType.ExitedPoverty, 4, labour: true, 8_000m))
            .Add(ExportBuilder.Household(2, HouseholdType.ExitedPoverty, 3, labour: true, 9_000m))
            .Add(ExportBuilder.Household(3, HouseholdType.ExitedPoverty, 3, labour: true, 15_000m));
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(b.WriteCsv(Path.Combine(db.Folder, "t.csv")), new ImportOptions(2022)).Outcome);
        new PlanHandler(db.Store, "测试").Load(PlanTests.SamplePath);
        return (db, b);
    }

    static string Worker(ExportBuilder b, string household) =>
        b.Get(b.RowsOf(household).First(r => b.Get(r, "劳动技能") is "普通劳动力" or "技能劳动力"), "姓名");

    static MeasureInput Measure(string household, string channel, string department, string? member = null, string status = "under-way", decimal gain = 0, string category = "", MeasureDetails? details = null) => new()
    {
        Household = household, Channel = channel, Kind = channel, Description = $"{channel}措施", Department = department, Member = member,
        Start = new(2023, 3, 1), End = new(2023, 12, 31), ExpectedGain = gain, GainCategory = category, PaysFromMonth = 7, Status = status,
        StatusOn = new(2023, 3, 1), ConsentOn = new(2023, 2, 20), ConsentHow = "户主签字", Details = details ?? new(),
    };

    [Theory, MemberData(nameof(Providers))]
    public void Indicators_count_what_was_done_by_the_date_and_never_a_declined_measure(string provider)
    {
        var (db, b) = Town(provider);
        using var _ = db;
        var plan = new PlanHandler(db.Store, "测试").Get("mengyong-2023");
        var handler = new MeasureHandler(db.Store, plan, "测试");
        string h1 = b.Get(0, "户编号"), h2 = b.Get(4, "户编号");
        var added = handler.AddPlans(
        [
            new HouseholdPlanInput { Household = h1, Diagnosis = ["缺技能"], Wishes = "想学技术", Measures =
            [
                Measure(h1, Channels.Industry, "镇农业农村服务中心", gain: 2_400m, category: "生产经营性"),
                Measure(h1, Channels.Training, "镇社会保障服务中心", Worker(b, h1)),
                Measure(h1, Channels.Finance, "勐永信用社", b.Get(0, "姓名"), details: new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = 30_000m, TermMonths = 36, Purpose = "生产经营" }),
            ]},
            new HouseholdPlanInput { Household = h2, Measures =
            [
                Measure(h2, Channels.Industry, "镇林业草原服务中心", status: "declined") with { ConsentOn = null, ConsentHow = "", DeclineReason = "不想扩大种植" },
                Measure(h2, Channels.Employment, "镇社会保障服务中心", Worker(b, h2), gain: 6_000m, category: "工资性"),
            ]},
        ]);
        Assert.Equal(5, added.Count);
        handler.Move(added[1].Id, MeasureStatus.Done, new(2023, 5, 20), "结业证书");
        handler.Move(added[4].Id, MeasureStatus.Done, new(2023, 6, 1), "劳动合同");
        handler.Move(added[4].Id, MeasureStatus.Verified, new(2023, 6, 20), "工资流水", 3_000m, "务工收入");
        new ProjectHandler(db.Store, "测试").Add(
        [
            new ProjectInput { Year = 2023, Name = "茶叶", Source = Core.Funds.FundSource.CentralBridging, Use = Core.Funds.FundUse.Industry, Amount = 600_000m, LinkedHouseholds = [h1] },
            new ProjectInput { Year = 2023, Name = "道路", Source = Core.Funds.FundSource.CentralBridging, Use = Core.Funds.FundUse.Other, Amount = 400_000m },
        ], "test");

        using var c = db.Store.CreateContext();
        IndicatorResult At(DateOnly date, string key) => IndicatorCalculator.Compute(ProgressQuery.Build(c, plan, date)).Single(r => r.Key == key);
        var june = new DateOnly(2023, 6, 30);
        // h2 declined industry help: it leaves the denominator (targets with the will), with its reason, and does not count as covered.
        Assert.Equal(1m, At(june, "industry-coverage").Value);
        Assert.Contains(At(june, "industry-coverage").Notes, n => n.Contains(h2) && n.Contains("不想扩大种植"));
        Assert.Equal(1m, At(june, "trained").Value);
        Assert.Equal(0m, At(new DateOnly(2023, 5, 19), "trained").Value); // the day before the training was done
        Assert.Equal(1m, At(june, "transfer-employment").Value);
        Assert.Equal((1m, 30_000m), (At(june, "microcredit-households").Value!.Value, At(june, "microcredit-amount").Value!.Value));
        Assert.Equal(0.6m, At(june, "central-fund-industry").Value);
        Assert.True(At(june, "central-fund-industry").Met);
        Assert.Null(At(june, "provincial-fund-industry").Value);
        // The two 2022 targets have little 2023 income recorded yet: under the line, recorded and projected.
        // The third household's first half-year (30,000 for 3 people) already lifts it over.
        Assert.Equal(3m, At(june, "under-line-households").Value);
        var third = c.Households.AsNoTracking().OrderBy(h => h.Id).Last().Id;
        c.IncomeEntries.Add(new IncomeEntry { HouseholdId = third, Year = 2023, Month = 6, Category = IncomeCategory.Wage, Subcategory = "务工收入", Amount = 30_000m, Source = IncomeSource.Manual, RecordedBy = "测试", RecordedAt = DateTime.UtcNow });
        c.SaveChanges();
        Assert.Equal(2m, At(june, "under-line-households").Value);
        Assert.Equal(2m, At(june, "under-line-projected").Value);
        Assert.Equal(3m, At(new DateOnly(2023, 5, 31), "under-line-households").Value); // June's entry is not yet counted at the end of May
        var byVillage = At(june, "industry-coverage").ByVillage;
        Assert.Contains(byVillage, v => v.Value == 1m);
        var byDepartment = At(june, "trained").ByDepartment;
        Assert.Equal(1m, byDepartment.Single(d => d.Name == "镇社会保障服务中心").Value);

        // Verifying put the actual income in the ledger once, with the measure as its source.
        var entry = c.IncomeEntries.AsNoTracking().Single(e => e.Source == IncomeSource.Measure);
        Assert.Equal((3_000m, 2023, 6, IncomeCategory.Wage, added[4].Id), (entry.Amount, entry.Year, entry.Month, entry.Category, entry.MeasureId!.Value));
        Assert.Contains(c.AuditEntries.AsNoTracking(), a => a.Entity == "措施" && a.Summary.Contains("已完成 → 已核实"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void Measures_breaking_a_rule_are_refused_with_the_reason_and_nothing_is_saved(string provider)
    {
        var (db, b) = Town(provider);
        using var _ = db;
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        var handler = new MeasureHandler(db.Store, plan, "测试");
        var h1 = b.Get(0, "户编号");
        var e = Assert.Throws<MeasureRejectedException>(() => handler.AddPlans(
        [
            new HouseholdPlanInput { Household = h1, Measures =
            [
                Measure(h1, Channels.Industry, "镇农业农村服务中心"),
                Measure(h1, Channels.Finance, "勐永信用社", b.Get(0, "姓名"), details: new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = 60_000m }),
                Measure(h1, Channels.Industry, "镇农业农村服务中心") with { ConsentOn = null },
                Measure(h1, Channels.Training, "镇社会保障服务中心", "不存在的人"),
            ]},
            new HouseholdPlanInput { Household = "0000", Measures = [] },
        ]));
        Assert.Contains(e.Problems, p => p.Contains("第2项措施") && p.Contains("50000"));
        Assert.Contains(e.Problems, p => p.Contains("第3项措施") && p.Contains("未同意"));
        Assert.Contains(e.Problems, p => p.Contains("第4项措施") && p.Contains("没有名为“不存在的人”"));
        Assert.Contains(e.Problems, p => p.Contains("没有户编号为“0000”"));
        using var c = db.Store.CreateContext();
        Assert.Equal(0, c.Measures.Count());
        Assert.Equal(0, c.HouseholdPlans.Count());

        var m = handler.Add(Measure(h1, Channels.Industry, "镇农业农村服务中心", status: "planned", gain: 1_000m, category: "生产经营性"));
        Assert.Contains("不能从“计划”改为“已核实”", Assert.Throws<MeasureRejectedException>(() => handler.Move(m.Id, MeasureStatus.Verified, new(2023, 6, 1), "x", 10m)).Message);
        handler.Move(m.Id, MeasureStatus.UnderWay, new(2023, 3, 5), "");
        Assert.Contains("佐证", Assert.Throws<MeasureRejectedException>(() => handler.Move(m.Id, MeasureStatus.Done, new(2023, 6, 1), "", null)).Message);
        handler.Move(m.Id, MeasureStatus.Done, new(2023, 6, 1), "照片");
        Assert.Contains("实际增收", Assert.Throws<MeasureRejectedException>(() => handler.Move(m.Id, MeasureStatus.Verified, new(2023, 6, 2), "核实", null)).Message);
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_demo_shows_real_partial_progress_in_June_2023(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get("mengyong-2023");
        using var c = db.Store.CreateContext();
        var results = IndicatorCalculator.Compute(ProgressQuery.Build(c, plan, DemoPlan.AsOf)).ToDictionary(r => r.Key);
        Assert.Equal(11, c.HouseholdPlans.Count());
        Assert.Equal(7, c.Measures.Select(m => m.Channel).Distinct().Count());
        Assert.Equal(1m, results["industry-coverage"].Value); // 10 of 10: the household that declined cattle left the denominator
        Assert.Contains(results["industry-coverage"].Notes, n => n.Contains("不愿意养牛"));
        Assert.Equal(6m, results["trained"].Value);
        Assert.Equal(7m, results["transfer-employment"].Value);
        Assert.Equal(1m, results["microcredit-households"].Value);
        Assert.Equal(0.64m, results["central-fund-industry"].Value);
        Assert.False(results["provincial-fund-industry"].Met);
        Assert.InRange(results["under-line-projected"].Value!.Value, 1m, 10m);
        Assert.True(results["growth-projected"].Value > 0);
        Assert.Contains(results.Values, r => !r.Met);
        Assert.Contains(results.Values, r => r.Met);
        Assert.Equal(TestVillages, results["under-line-households"].ByVillage.Count);
    }

    const int TestVillages = 8;
}
