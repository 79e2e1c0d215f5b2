using System.CommandLine;
using Qingling.Core.Funds;
using Qingling.Core.Measures;
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
            Console.WriteLine($"{(loaded.Replaced ? "已更新" : "已载入")}方案 {loaded.Plan.Key}：{loaded.Plan.Name}（{loaded.Plan.Year}年，{loaded.Plan.Indicators.Count}项指标，{loaded.Plan.Channels.Count}个增收渠道，{loaded.Plan.Departments.Count}个责任单位）");
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
            var plan = new PlanHandler(CommonOptions.Open(parse), CommonOptions.Actor).Get(parse.GetValue(name));
            Console.WriteLine($"{plan.Name}（{plan.Key}）");
            if (plan.Source is not null) Console.WriteLine($"  依据：{plan.Source}");
            Console.WriteLine($"  年度：{plan.Year}（基准年{plan.BaselineYear}）  区域：{plan.Region.Province}{plan.Region.City}{plan.Region.County}{plan.Region.Town}");
            Console.WriteLine($"  收入线：{plan.IncomeLine:0.##}元/人·年  对象：脱贫户{(plan.Scope.IncludeMonitored ? "及监测对象" : "")}，有劳动力（普通、技能{(plan.Scope.WeakLabourCounts ? "、弱或半" : "")}劳动力）  增长目标：{Output.Show(plan.GrowthTarget, "%")}");
            Console.WriteLine("  指标：");
            foreach (var i in plan.Indicators)
                Console.WriteLine($"    {i.Key}：{i.Name}，目标{(i.Comparison == Core.Plans.Comparison.AtMost ? "不超过" : "不低于")}{Output.Show(i.Target, i.Unit)}");
            Console.WriteLine("  增收渠道与责任单位：");
            foreach (var c in plan.Channels)
                Console.WriteLine($"    {c.Name}（{c.Key}）：{string.Join("、", c.Departments)}；{c.VillageRole}");
            Console.WriteLine("  资金规则：");
            foreach (var r in plan.FundRules) Console.WriteLine($"    {FundSources.Name(r.Source)}用于产业发展不低于{Output.Show(r.MinimumIndustryShare, "%")}");
            Console.WriteLine($"  工作节奏：{plan.Rhythm.Screening}；镇级每{plan.Rhythm.ReviewEveryDays}天研判；每{plan.Rhythm.ScheduleEveryMonths}个月调度");
            return 0;
        });

        return new Command("plan", "方案：载入、列出、查看") { load, list, show };
    }
}
