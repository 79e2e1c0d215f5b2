using System.CommandLine;
using Qingling.Core.Measures;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Data.Regions;
using Qingling.Web.Cli;

namespace Qingling.Web.Regions;

/// <summary>`qingling region`: a county's, city's or province's figures, one row per town or county below it.</summary>
public static class RegionCommand
{
    /// <summary>The columns of a roll-up row; the same keys serve JSON, CSV and the workbook.</summary>
    public static IReadOnlyList<Column<RegionRow>> Columns { get; } =
    [
        new("region", "区划", r => r.Region.Name),
        new("code", "区划代码", r => r.Code),
        new("targetHouseholds", "清零户数", r => r.Figures.TargetHouseholds, true),
        new("targetPersons", "清零人数", r => r.Figures.TargetPersons, true),
        new("households", "户数", r => r.Figures.Households, true),
        new("persons", "人数", r => r.Figures.Persons, true),
        .. Channels.All.Select(c => new Column<RegionRow>("measures" + char.ToUpperInvariant(c[0]) + c[1..], Channels.Name(c) + "措施", r => r.Figures.Measures.GetValueOrDefault(c), true)),
        new("measures", "措施合计", r => r.Figures.MeasuresTotal, true),
        new("funds", "项目资金", r => r.Figures.Funds, true),
        new("openAlerts", "未处理预警", r => r.Figures.OpenAlerts, true),
        new("projectedUnderLine", "预计年底仍低于收入线户数", r => r.Figures.ProjectedUnderLine, true),
        new("villageScore", "村级考核平均分", r => r.Figures.VillageScore, true),
    ];

    /// <summary>The terminal table: the channels are in JSON, CSV and the workbook; here they would not fit a screen.</summary>
    static readonly string[] TableKeys = ["region", "code", "targetHouseholds", "targetPersons", "households", "persons", "measures", "funds", "openAlerts", "projectedUnderLine", "villageScore"];

    public static Command Create()
    {
        var region = new Option<string?>("--region") { Description = "区划名称或12位区划代码（默认：整棵区划树的根）" };
        var year = FormatOption.Year("收入年度");
        var line = new Option<decimal>("--line") { Description = "收入线（元/人·年），默认 10000", DefaultValueFactory = _ => 10_000m };
        var weak = new Option<bool>("--weak-labour") { Description = "弱劳动力或半劳动力也算有劳动力" };
        var monitored = new Option<bool>("--include-monitored") { Description = "监测对象（非脱贫户）也纳入" };
        var format = FormatOption.Create();
        var date = Progress.ProgressCommand.DateOption("--date", "数据截至日期：按各村所属方案推算到该日的预计年底仍低于收入线户数，并给出含该日的考核期的村级考核平均分（不给则不推算）");
        var xlsx = new Option<string?>("--xlsx") { Description = "另存为县级汇总表（.xlsx）：每个下级区划一行（省级汇总表每县一行并注明所属市），标题行和合计行" };
        var command = new Command("region", "区域汇总：一个县（市、省）及其下每个乡镇（县）的清零对象、户数人数、措施、资金和诚信预警")
        {
            region, year, line, weak, monitored, date, format, xlsx,
        };
        command.SetAction(parse =>
        {
            var lineValue = parse.GetValue(line);
            if (lineValue <= 0) throw new UsageException("--line 应为正数");
            var store = CommonOptions.Open(parse);
            using var db = store.CreateContext();
            var tree = RegionQuery.Tree(db);
            var (found, problem) = RegionLookup.Find(tree, parse.GetValue(region));
            if (found is null) throw new UsageException(problem!);
            var y = parse.GetValue(year);
            if (parse.GetValue(xlsx) is { } file && !file.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--xlsx 应为 .xlsx 文件：“{file}”");
            RegionRollup rollup;
            TargetRule rule;
            string? mixed = null;
            // The dates the projections and scores shown were counted on (the one asked for; on a province, its counties').
            (DateOnly From, DateOnly To)? projectedOn = parse.GetValue(date) is { } asked ? (asked, asked) : null;
            if (PublishedFigures.IsReader(db))
            {
                // A province: it sums what each county counted under its own plan, and cannot recount under another rule.
                if (parse.GetValue(date) is not null)
                    throw new UsageException("本库是省级汇总库，没有各户收入数据，不能按 --date 另行推算；预计年底仍低于收入线和村级考核平均分按各县发布的数字（各县按本县方案的数据截至日）给出，不用 --date");
                if (parse.GetResult(line) is { Implicit: false } || parse.GetValue(weak) || parse.GetValue(monitored))
                    throw new UsageException("本库是省级汇总库，汇总的是各县按本县方案口径发布的数字，不能另设 --line、--weak-labour 或 --include-monitored");
                var years = PublishedFigures.Years(db);
                if (!years.Contains(y)) throw new NoDataException($"各县还没有发布{y}年的数字。已发布的年度：{string.Join("、", years)}");
                (rollup, var rules) = PublishedFigures.Rollup(db, tree, found, y);
                if (rules.Count == 0) throw new NoDataException($"各县还没有发布{y}年的数字");
                (rule, mixed) = (rules[0], PublishedFigures.MixedRules(rules));
                if (rollup.Total.Figures is { FiguresFrom: { } from, FiguresTo: { } to }) projectedOn = (from, to);
                // A county silent for over a day is named: its figures stand where they were when it was last heard.
                var silent = PublishedFigures.Silent(PublishedFigures.Below(PublishedFigures.Counties(db).Values, rollup.Total.Code, found.Level), DateTime.UtcNow);
                if (silent.Count > 0)
                    Console.Error.WriteLine("提醒：超过1天没有收到这些县的数据，其数字停在最后一次：" +
                        string.Join("；", silent.Select(c => $"{c.County}（最后 {c.CheckedAt:yyyy-MM-dd HH:mm} UTC）")));
            }
            else
            {
                Known.YearHasIncome(db, y, null);
                rule = new TargetRule(lineValue, parse.GetValue(weak), parse.GetValue(monitored));
                var projected = parse.GetValue(date) is { } d ? RegionQuery.ProjectedUnderLine(db, tree, d) : null;
                var scores = parse.GetValue(date) is { } scoredOn ? RegionQuery.VillageScores(db, tree, scoredOn, CommonOptions.Actor) : null;
                rollup = RegionQuery.Rollup(db, tree, found, y, rule, projected, scores);
            }
            var t = rollup.Total.Figures;
            var f = parse.GetValue(format);
            Output.Write(rollup.Children, f == OutputFormat.Table ? Columns.Where(c => TableKeys.Contains(c.Key)).ToList() : Columns, f, caption:
                $"{RegionLookup.Path(tree, found)} {y}年{(mixed is null ? "" : "，" + mixed)}：清零对象{t.TargetHouseholds}户{t.TargetPersons}人，共{t.Households}户{t.Persons}人，措施{t.MeasuresTotal}项，未处理诚信预警{t.OpenAlerts}条" +
                (projectedOn is { } on ? $"；{RegionView.Label(on.From, on.To)}按各村方案预计年底仍低于收入线{(t.ProjectedUnderLine is { } p ? $"{p}户" : "：无方案覆盖")}" +
                    $"，村级考核平均分{(t.VillageScore is { } score ? score.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "：无考核细则")}" : ""));
            if (parse.GetValue(xlsx) is { } path)
            {
                using (var stream = File.Create(path))
                    RegionWorkbook.Write(stream, rollup, RegionWorkbook.Title(RegionLookup.Path(tree, found), y, rule, rollup, mixed, projectedOn));
                Console.Error.WriteLine($"已写出 {path}（{RegionWorkbook.SheetName(found.Level)}，{rollup.Counties?.Count ?? rollup.Children.Count}行）");
            }
            return 0;
        });
        return command;
    }
}
