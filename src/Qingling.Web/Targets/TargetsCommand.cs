using System.CommandLine;
using Qingling.Core.Targets;
using Qingling.Data.Queries;
using Qingling.Web.Cli;

namespace Qingling.Web.Targets;

/// <summary>`qingling targets`: the households the plan must bring over the line, derived from the ledger now.</summary>
public static class TargetsCommand
{
    static readonly Column<TargetHousehold>[] Columns =
    [
        new("householdCode", "户编号", t => t.HouseholdCode),
        new("village", "村", t => t.Village),
        new("persons", "人口", t => t.Persons, true),
        new("perCapitaNetIncome", "人均纯收入", t => t.PerCapitaNetIncome, true),
        new("gap", "距收入线", t => t.Gap, true),
        new("labourMembers", "劳动力人数", t => t.LabourMembers, true),
    ];

    public static Command Create()
    {
        var year = FormatOption.Year("收入年度");
        var line = new Option<decimal>("--line") { Description = "收入线（元/人·年），默认 10000", DefaultValueFactory = _ => 10_000m };
        var weak = new Option<bool>("--weak-labour") { Description = "弱劳动力或半劳动力也算有劳动力" };
        var monitored = new Option<bool>("--include-monitored") { Description = "监测对象（非脱贫户）也纳入" };
        var village = new Option<string?>("--village") { Description = "只列出此村（社区）" };
        var format = FormatOption.Create();
        var command = new Command("targets", "清零对象：有劳动力、人均纯收入低于收入线的脱贫户") { year, line, weak, monitored, village, format };
        command.SetAction(parse =>
        {
            var lineValue = parse.GetValue(line);
            if (lineValue <= 0) throw new UsageException("--line 应为正数");
            var store = CommonOptions.Open(parse);
            using var db = store.CreateContext();
            var y = parse.GetValue(year);
            Known.Village(db, parse.GetValue(village));
            Known.YearHasIncome(db, y, parse.GetValue(village));
            var rule = new TargetRule(lineValue, parse.GetValue(weak), parse.GetValue(monitored));
            var targets = IncomeQuery.Targets(db, y, rule, parse.GetValue(village));
            Output.Write(targets, Columns, parse.GetValue(format), caption:
                $"{y}年人均纯收入低于{lineValue:0.##}元的有劳动力脱贫户：{targets.Count}户{targets.Sum(t => t.Persons)}人");
            return 0;
        });
        return command;
    }
}
