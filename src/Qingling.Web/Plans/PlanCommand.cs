using System.CommandLine;
using Qingling.Core.Funds;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Data.Plans;
using Qingling.Web.Cli;

namespace Qingling.Web.Plans;

/// <summary>`qingling plan load|list|show`.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "方案文件（JSON），如 samples/mengyong-2023.plan.json" };
        var load = new Command("load", "载入（或更新）方案；方案不成立则列出原因并拒绝") { file };
        load.SetAction(parse =>
        {
            var loaded = new PlanHandler(CommonOptions.Open(parse), CommonOptions.Actor).Load(parse.GetValue(file)!);
            Console.WriteLine($"{(loaded.Replaced ? "已更新" : "已载入")}{(PlanInheritance.IsCountyPlan(loaded.Plan) ? "县级" : "")}方案 {loaded.Plan.Key}：{loaded.Plan.Name}（{loaded.Plan.Year}年，{loaded.Plan.Indicators.Count}项指标，{loaded.Plan.Channels.Count}个增收渠道，{loaded.Plan.Departments.Count}个责任单位）");
            if (loaded.InheritedFrom is { } county)
                Console.WriteLine(loaded.Inherited is { Count: > 0 } taken
                    ? $"继承县级方案 {county} 的设置：{string.Join("、", taken.Select(PlanInheritance.Name).Distinct())}（本方案自己写明的设置不变）"
                    : $"县级方案 {county} 的设置本方案都已自行写明，未继承");
            if (loaded.TownsUpdated is { Count: > 0 } towns) Console.WriteLine($"随之更新的乡镇方案：{string.Join("、", towns)}");
            return 0;
        });

        var format = FormatOption.Create();
        var list = new Command("list", "列出已载入的方案") { format };
        list.SetAction(parse =>
        {
            var plans = new PlanHandler(CommonOptions.Open(parse), CommonOptions.Actor).List();
            Output.Write(plans, [
                new("key", "标识", p => p.Key), new("name", "名称", p => p.Name), new("year", "年度", p => p.Year),
                new("loadedAt", "载入时间", p => p.LoadedAt.ToString("yyyy-MM-dd HH:mm")), new("loadedBy", "载入人", p => p.LoadedBy),
            ], parse.GetValue(format));
            return 0;
        });

        var name = new Argument<string>("NAME") { Description = "方案标识" };
        var show = new Command("show", "显示方案的目标、指标、增收渠道与责任单位") { name };
        show.SetAction(parse =>
        {
            var handler = new PlanHandler(CommonOptions.Open(parse), CommonOptions.Actor);
            var plan = handler.Get(parse.GetValue(name));
            Console.WriteLine($"{plan.Name}（{plan.Key}）");
            if (handler.Inheritance(plan.Key) is { } inherits)
                Console.WriteLine($"  继承县级方案 {inherits.County} 的设置：{string.Join("、", inherits.Settings.Select(PlanInheritance.Name).Distinct())}");
            if (plan.Source is not null) Console.WriteLine($"  依据：{plan.Source}");
            Console.WriteLine($"  年度：{plan.Year}（基准年{plan.BaselineYear}）  区域：{plan.Region.Province}{plan.Region.City}{plan.Region.County}{plan.Region.Town}");
            Console.WriteLine($"  收入线：{plan.IncomeLine:0.##}元/人·年  对象：脱贫户{(plan.Scope.IncludeMonitored ? "及监测对象" : "")}，有劳动力（普通、技能{(plan.Scope.WeakLabourCounts ? "、弱或半" : "")}劳动力）  增长目标：{Output.Show(plan.GrowthTarget, "%")}");
            Console.WriteLine("  指标：");
            foreach (var i in plan.Indicators)
                Console.WriteLine($"    {i.Key}：{i.Name}，目标{(i.Comparison == Core.Plans.Comparison.AtMost ? "不超过" : "不低于")}{Output.Show(i.Target, i.Unit)}；统计对象：{Populations.Name(i.CountedPopulation)}");
            Console.WriteLine("  增收渠道与责任单位：");
            foreach (var c in plan.Channels)
                Console.WriteLine($"    {c.Name}（{c.Key}）：{string.Join("、", c.Departments)}；{c.VillageRole}");
            Console.WriteLine("  资金规则：");
            foreach (var r in plan.FundRules) Console.WriteLine($"    {FundSources.Name(r.Source)}用于产业发展不低于{Output.Show(r.MinimumIndustryShare, "%")}");
            var rules = CountingRules.For(plan);
            Console.WriteLine($"  收入口径{(plan.IncomeRules is null ? "（方案未列，按国家口径）" : "")}：");
            foreach (var c in rules.Categories) Console.WriteLine($"    {IncomeCategories.Name(c.Category)}：{string.Join("、", c.Subcategories)}");
            foreach (var e in rules.Excluded) Console.WriteLine($"    不计入：{e.Name}（{IncomeCategories.Name(e.Category)}）——{e.Reason}");
            Console.WriteLine($"  小额信贷：每户累计不超过{plan.Microcredit.HouseholdCap:0}元，期限不超过{plan.Microcredit.MaxMonths}个月，借款人{plan.Microcredit.MinAge}—{plan.Microcredit.MaxAge}周岁");
            if (plan.MonitoringLines.Count > 0)
                Console.WriteLine($"  防返贫监测收入线：{string.Join("；", plan.MonitoringLines.OrderBy(l => l.Key).Select(l => $"{l.Key}年{l.Value:0.##}元"))}");
            if (plan.BaselineHouseholds is not null) Console.WriteLine($"  方案载明的基准清零对象：{plan.BaselineHouseholds}户{plan.BaselinePersons}人");
            Console.WriteLine($"  工作节奏：{plan.Rhythm.Screening}；镇级每{plan.Rhythm.ReviewEveryDays}天研判；每{plan.Rhythm.ScheduleEveryMonths}个月调度");
            return 0;
        });

        return new Command("plan", "方案：载入、列出、查看、基准名单") { load, list, show, Baseline() };
    }

    /// <summary>`qingling plan baseline freeze|show`: the baseline target list, frozen at the plan's start and reconciled.</summary>
    static Command Baseline()
    {
        var replace = new Option<bool>("--replace") { Description = "已冻结时重新冻结（留痕）" };
        var freeze = new Command("freeze", "冻结方案基准年的清零对象名单（户、人、人均纯收入、成员），此后不随数据变动") { replace };
        freeze.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var list = new BaselineHandler(store, CommonOptions.Actor).Freeze(plan, parse.GetValue(replace));
            Console.WriteLine($"已冻结方案{plan.Key}的{plan.BaselineYear}年基准清零对象：{list.Count}户{list.Sum(b => b.Persons)}人");
            return 0;
        });
        var format = FormatOption.Create();
        var show = new Command("show", "列出基准名单，并与方案载明的户数、人数及当前数据核对") { format };
        show.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var report = new BaselineHandler(store, CommonOptions.Actor).Show(plan);
            var rows = report.Frozen.Count > 0 ? report.Frozen : report.Current;
            var caption = report.Frozen.Count > 0
                ? $"{plan.BaselineYear}年基准清零对象（{report.Frozen[0].FrozenAt.ToLocalTime():yyyy-MM-dd HH:mm} 由{report.Frozen[0].FrozenBy}冻结）：{rows.Count}户{rows.Sum(b => b.Persons)}人"
                : $"{plan.BaselineYear}年基准清零对象（尚未冻结，按当前数据推算）：{rows.Count}户{rows.Sum(b => b.Persons)}人";
            Output.Write(rows, [
                new("householdCode", "户编号", b => b.HouseholdCode), new("village", "村", b => b.Village), new("persons", "人口", b => b.Persons, true),
                new("perCapitaNetIncome", "人均纯收入", b => b.PerCapitaNetIncome, true),
            ], parse.GetValue(format), caption: caption);
            if (parse.GetValue(format) != OutputFormat.Table) return 0;
            if (plan.BaselineHouseholds is not null) Console.WriteLine($"方案载明：{plan.BaselineHouseholds}户{plan.BaselinePersons}人");
            Console.WriteLine(report.Differences.Count == 0 ? "核对：一致" : "核对发现差异：\n  " + string.Join("\n  ", report.Differences));
            return 0;
        });
        var command = new Command("baseline", "基准清零对象名单：冻结与核对") { freeze, show };
        command.Options.Add(CommonOptions.Plan);
        return command;
    }
}
