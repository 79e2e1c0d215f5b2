using System.CommandLine;
using Qingling.Data.Queries;
using Qingling.Web.Cli;

namespace Qingling.Web.Income;

/// <summary>`qingling income`: per-household income by the official formula, with growth on the year before.</summary>
public static class IncomeCommand
{
    static readonly Column<HouseholdIncomeSummary>[] Columns =
    [
        new("householdCode", "户编号", r => r.HouseholdCode),
        new("village", "村", r => r.Village),
        new("persons", "人口", r => r.Income.Persons, true),
        new("wage", "工资性收入", r => r.Income.Wage, true),
        new("production", "生产经营性收入", r => r.Income.Production, true),
        new("property", "财产性收入", r => r.Income.Property, true),
        new("transfer", "转移性收入", r => r.Income.Transfer, true),
        new("productionCost", "生产经营性支出", r => r.Income.ProductionCost, true),
        new("netIncome", "家庭纯收入", r => r.Income.NetIncome, true),
        new("perCapitaNetIncome", "人均纯收入", r => r.Income.PerCapitaNetIncome, true),
        new("growth", "增速", r => new Percent(r.Growth), true),
    ];

    public static Command Create()
    {
        var year = FormatOption.Year("收入年度");
        var village = new Option<string?>("--village") { Description = "只列出此村（社区）" };
        var format = FormatOption.Create();
        var command = new Command("income", "按户计算家庭纯收入与人均纯收入（官方口径），及比上年增速") { year, village, format };
        command.SetAction(parse =>
        {
            var store = CommonOptions.Open(parse);
            using var db = store.CreateContext();
            var y = parse.GetValue(year);
            Known.Village(db, parse.GetValue(village));
            Known.YearHasIncome(db, y, parse.GetValue(village));
            var rows = IncomeQuery.Summaries(db, y, parse.GetValue(village));
            var all = rows.Select(r => r.Income).ToList();
            var perCapita = Qingling.Core.Income.Growth.PopulationPerCapita(all);
            Output.Write(rows, Columns, parse.GetValue(format), caption:
                $"{y}年 {rows.Count}户 {all.Sum(i => i.Persons)}人，全体人均纯收入 {(perCapita is { } p ? Qingling.Core.Income.Money.Show(p) : "—")} 元（总纯收入÷总人口）");
            return 0;
        });
        return command;
    }
}
