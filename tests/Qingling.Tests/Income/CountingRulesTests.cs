using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Data.Measures;
using Qingling.Data.Queries;
using Qingling.Data.Rhythm;
using Qingling.Tests.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Income;

/// <summary>One-off help is recorded and shown but never counted; a subcategory is chosen from the plan's list.</summary>
public class CountingRulesTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void One_off_help_found_at_a_visit_is_kept_with_its_reason_and_left_out_of_net_income(string provider)
    {
        using var town = new SmallTown(provider);
        var visits = new RhythmHandler(town.Db.Store, town.Plan, "测试");
        var round = visits.AddRound("芒来村", new(2023, 6, 1), new(2023, 6, 30), null);
        visits.AddVisit(new VisitInput
        {
            Round = round.Id, Household = town.Target1, On = new(2023, 6, 20), Visitors = "岩明",
            Income = [new("工资性", "务工收入", 1_200m, 6), new("转移性", "临时救助金", 20_000m, 6), new("转移性", "慰问金", 10_000m, 6)],
        });

        using var c = town.Db.Store.CreateContext();
        // 4 people: only the 1,200 of wages counts (300 per person), not the 30,000 of one-off help (it would read 7,800).
        var row = IncomeQuery.ForYear(c, 2023).Single(r => r.Household.HouseholdCode == town.Target1);
        Assert.Equal(300m, row.Household.Income.PerCapitaNetIncome);
        Assert.Equal(0m, row.Household.Income.Transfer);
        var progress = ProgressQuery.Build(c, town.Plan, new(2023, 6, 30)).Households.Single(h => h.Code == town.Target1);
        Assert.Equal(300m, progress.Recorded.PerCapitaNetIncome);
        var kept = c.IncomeEntries.AsNoTracking().Where(e => e.Year == 2023).OrderBy(e => e.Id).ToList();
        Assert.Equal(3, kept.Count);
        Assert.Null(kept[0].ExcludedReason);
        Assert.Contains("一次性", kept[1].ExcludedReason);
        Assert.Contains("慰问", kept[2].ExcludedReason);
        Assert.Equal(300m, HouseholdIncome.FromEntries(2023, 4, kept).PerCapitaNetIncome);
        // Imports count as they are today.
        Assert.All(c.IncomeEntries.AsNoTracking().Where(e => e.Source == IncomeSource.Import).ToList(), e => Assert.Null(e.ExcludedReason));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_free_text_subcategory_is_refused_with_the_allowed_ones_and_without_a_list_the_national_rule_applies(string provider)
    {
        using var town = new SmallTown(provider);
        var visits = new RhythmHandler(town.Db.Store, town.Plan, "测试");
        var round = visits.AddRound("芒来村", new(2023, 6, 1), new(2023, 6, 30), null);
        VisitInput Visit(string category, string subcategory) => new()
        {
            Round = round.Id, Household = town.Target1, On = new(2023, 6, 20), Visitors = "岩明", Income = [new(category, subcategory, 500m, 6)],
        };
        var e = Assert.Throws<InvalidOperationException>(() => visits.AddVisit(Visit("转移性", "过年红包")));
        Assert.Contains("“过年红包”不是转移性收入的分项", e.Message);
        Assert.Contains("最低生活保障金", e.Message);
        Assert.Contains("临时救助金", e.Message);
        Assert.Contains("慰问金", Assert.Throws<InvalidOperationException>(() => visits.AddVisit(Visit("工资性", "慰问金"))).Message); // not a wage

        // A plan with no list of its own: the national default still leaves out a relocation grant.
        var national = town.Plan with { IncomeRules = null };
        Assert.Same(CountingRules.National, CountingRules.For(national));
        new RhythmHandler(town.Db.Store, national, "测试").AddVisit(Visit("转移性", "易地扶贫搬迁补助"));
        using var c = town.Db.Store.CreateContext();
        var entry = c.IncomeEntries.AsNoTracking().Single(x => x.Year == 2023);
        Assert.Contains("搬迁", entry.ExcludedReason);
        Assert.Equal(0m, IncomeQuery.ForYear(c, 2023).Single(r => r.Household.HouseholdCode == town.Target1).Household.Income.NetIncome);

        var broken = town.Plan with { IncomeRules = new CountingRules { Excluded = [new() { Category = IncomeCategory.Transfer, Name = "慰问金", Reason = "" }] } };
        Assert.Contains(PlanValidator.Problems(broken), p => p.Contains("“慰问金”须写明不计入的理由"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_measures_verified_income_takes_a_subcategory_from_the_list(string provider)
    {
        using var town = new SmallTown(provider);
        var handler = town.Measures;
        var transfer = handler.Add(SmallTown.Measure(town.Target1, Channels.Transfers, "镇民政办") with { Kind = "春节慰问", ExpectedGain = 1_000m, GainCategory = "转移性" });
        handler.Move(transfer.Id, MeasureStatus.Done, new(2023, 5, 1), "发放花名册");
        var e = Assert.Throws<MeasureRejectedException>(() => handler.Move(transfer.Id, MeasureStatus.Verified, new(2023, 5, 2), "核实", 1_000m));
        Assert.Contains(e.Problems, p => p.Contains("--income-subcategory") && p.Contains("“春节慰问”不是转移性收入的分项"));
        handler.Move(transfer.Id, MeasureStatus.Verified, new(2023, 5, 2), "核实", 1_000m, "慰问金");
        using var c = town.Db.Store.CreateContext();
        var entry = c.IncomeEntries.AsNoTracking().Single(x => x.MeasureId == transfer.Id);
        Assert.Equal(("慰问金", 1_000m), (entry.Subcategory, entry.Amount));
        Assert.NotNull(entry.ExcludedReason);
        Assert.Equal(0m, IncomeQuery.ForYear(c, 2023).Single(r => r.Household.HouseholdCode == town.Target1).Household.Income.Transfer);
    }

    [Fact]
    public void The_sample_plan_lists_what_each_category_holds_and_what_does_not_count()
    {
        var rules = CountingRules.For(PlanTests.Mengyong());
        Assert.Contains("公益性岗位收入", rules.Counted(IncomeCategory.Wage));
        foreach (var name in new[] { "临时救助金", "慰问金", "一次性救济金", "临时生活补助", "搬迁补助", "易地扶贫搬迁补助", "危房改造补助" })
        {
            Assert.True(rules.TryClassify(IncomeCategory.Transfer, name, out var reason, out _));
            Assert.False(string.IsNullOrWhiteSpace(reason));
        }
        Assert.True(rules.TryClassify(IncomeCategory.Transfer, "最低生活保障金", out var counts, out _));
        Assert.Null(counts);
    }
}
