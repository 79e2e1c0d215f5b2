using System.CommandLine;
using Qingling.Core.Funds;
using Qingling.Data.Funds;
using Qingling.Web.Cli;

namespace Qingling.Web.Funds;

/// <summary>`qingling projects load|list`: the project library behind the fund-ratio indicators.</summary>
public static class ProjectsCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "项目文件（JSON 数组：year, name, source, use, amount, village, linkedHouseholds）" };
        var load = new Command("load", "载入项目库文件（有错误则整份不载入）") { file };
        load.SetAction(parse =>
        {
            var added = new ProjectHandler(CommonOptions.Open(parse), CommonOptions.Actor).Load(parse.GetValue(file)!);
            Console.WriteLine($"已载入{added.Count}个项目，共{added.Sum(p => p.Amount):#,##0.00}元");
            return 0;
        });
        var year = new Option<int?>("--year") { Description = "年度" };
        var format = FormatOption.Create();
        var list = new Command("list", "列出项目库，并按资金来源给出用于产业的比重") { year, format };
        list.SetAction(parse =>
        {
            var projects = new ProjectHandler(CommonOptions.Open(parse), CommonOptions.Actor).List(parse.GetValue(year));
            Output.Write(projects, [
                new("id", "编号", p => p.Id), new("year", "年度", p => p.Year), new("name", "项目", p => p.Name),
                new("source", "资金来源", p => FundSources.Name(p.Source)), new("use", "用途", p => FundSources.Name(p.Use)),
                new("amount", "金额", p => p.Amount, true), new("linkedHouseholds", "联农带农户", p => p.LinkedHouseholds.Length == 0 ? 0 : p.LinkedHouseholds.Split(',').Length, true),
            ], parse.GetValue(format));
            if (parse.GetValue(format) == OutputFormat.Table)
            {
                foreach (var g in projects.GroupBy(p => (p.Year, p.Source)))
                {
                    var share = FundRatios.Of(g, g.Key.Source, g.Key.Year);
                    Console.WriteLine($"  {g.Key.Year}年{FundSources.Name(g.Key.Source)}：产业{share.Industry:#,##0.00}元 / 合计{share.Total:#,##0.00}元 = {Output.Show(share.Ratio is { } r ? Math.Round(r, 3, MidpointRounding.AwayFromZero) : null, "%")}");
                }
            }
            return 0;
        });
        return new Command("projects", "巩固脱贫攻坚项目库") { load, list };
    }
}
