using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Qingling.Core.Assessment;
using Qingling.Data.Assessment;
using Qingling.Web.Cli;

namespace Qingling.Web.Assessment;

/// <summary>`qingling assess`: each unit's score for a period by the plan's 考核细则, with the counts behind every item.</summary>
public static class AssessCommand
{
    /// <summary>One line per unit and item, for CSV.</summary>
    sealed record Line(UnitScore Unit, ItemScore Item);

    static readonly Column<UnitScore>[] Columns =
    [
        new("kind", "类别", s => s.KindKey, Display: s => s.KindName),
        new("unit", "单位", s => s.Unit),
        new("score", "得分", s => s.Score, true),
        new("rank", "名次", s => s.Rank, true),
        new("change", "较上期", s => s.Change, true, s => s.Change is { } c ? (c > 0 ? "+" : "") + c.ToString("0.00") : "—"),
        new("items", "各项得分（计入/应考核）", s => s.Items,
            Display: s => string.Join("；", s.Items.Select(i => $"{i.Name}{(i.Deduction ? "-" : "")}{i.Points:0.##}（{i.Basis}）"))),
    ];

    static readonly Column<Line>[] CsvColumns =
    [
        new("kind", "类别", l => l.Unit.KindKey),
        new("unit", "单位", l => l.Unit.Unit),
        new("score", "得分", l => l.Unit.Score),
        new("rank", "名次", l => l.Unit.Rank),
        new("change", "较上期", l => l.Unit.Change),
        new("item", "项目", l => l.Item.Key),
        new("itemName", "项目名称", l => l.Item.Name),
        new("weight", "分值", l => l.Item.Weight),
        new("points", "得分", l => l.Item.Deduction ? -l.Item.Points : l.Item.Points),
        new("numerator", "计入", l => l.Item.Numerator),
        new("denominator", "应考核", l => l.Item.Denominator),
    ];

    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), WriteIndented = true };

    public static Command Create()
    {
        var period = new Option<string>("--period") { Description = "考核期：2023Q2（季度）、2023-05（月）或 2023（年度），按方案的考核周期", Required = true };
        var unit = new Option<string?>("--unit") { Description = $"只列出此类单位：{string.Join("、", UnitKinds.CliKeys)}" };
        var facts = new Option<bool>("--facts") { Description = "JSON 中列出每一项背后的户、措施、走访、任务" };
        var format = FormatOption.Create();
        var command = new Command("assess", "考核：按方案的考核细则给村（社区）、挂包单位、驻村工作队、镇级责任单位打分排名") { CommonOptions.Plan, period, unit, facts, format };
        command.SetAction(parse =>
        {
            UnitKind? kind = null;
            if (parse.GetValue(unit) is { } u)
                kind = UnitKinds.Parse(u) ?? throw new UsageException($"没有单位类别“{u}”。可用：{string.Join("、", UnitKinds.CliKeys)}");
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var p = AssessmentHandler.ParsePeriod(plan, parse.GetValue(period)!);
            if (kind is { } k && !plan.Assessment!.UnitKindsAssessed.Contains(k))
                throw new UsageException($"方案“{plan.Name}”的考核细则不考核{UnitKinds.Name(k)}。考核：{string.Join("、", plan.Assessment.UnitKindsAssessed.Select(UnitKinds.Key))}");
            using var db = store.CreateContext();
            var result = AssessmentHandler.Compute(db, plan, p, CommonOptions.Actor);
            var scores = result.Scores.Where(s => kind is null || s.Kind == kind).ToList();
            switch (parse.GetValue(format))
            {
                case OutputFormat.Json:
                    var withFacts = parse.GetValue(facts);
                    Console.WriteLine(JsonSerializer.Serialize(scores.Select(s => new Dictionary<string, object?>
                    {
                        ["unit"] = s.Unit, ["kind"] = s.KindKey, ["scorecard"] = s.Scorecard, ["score"] = s.Score, ["rank"] = s.Rank, ["change"] = s.Change,
                        ["period"] = p.Key, ["frozen"] = result.Frozen,
                        ["items"] = s.Items.Select(i => new Dictionary<string, object?>
                        {
                            ["key"] = i.Key, ["name"] = i.Name, ["kind"] = i.Kind, ["weight"] = i.Weight, ["points"] = i.Deduction ? -i.Points : i.Points,
                            ["numerator"] = i.Numerator, ["denominator"] = i.Denominator, ["basis"] = i.Basis, ["advice"] = i.Advice,
                            ["facts"] = withFacts ? i.Facts.Select(f => new { kind = f.Kind, id = f.Id, label = f.Label, counted = f.Counted }).ToList() : null,
                        }).ToList(),
                    }), Json));
                    break;
                case OutputFormat.Csv:
                    Output.Write(scores.SelectMany(s => s.Items.Select(i => new Line(s, i))).ToList(), CsvColumns, OutputFormat.Csv);
                    break;
                default:
                    foreach (var group in scores.GroupBy(s => s.Kind))
                        Output.Write(group.ToList(), Columns, OutputFormat.Table, caption: $"{p.Name}{UnitKinds.Name(group.Key)}考核（{group.First().Scorecard}）");
                    Console.WriteLine(result.Frozen
                        ? $"{p.Name}已随{result.ClosedBy:yyyy-MM-dd}半月研判结束考核，以上为当时冻结的结果。"
                        : $"{p.Name}尚未结束（其后尚未召开半月研判），得分随数据变化。");
                    break;
            }
            return 0;
        });
        return command;
    }
}
