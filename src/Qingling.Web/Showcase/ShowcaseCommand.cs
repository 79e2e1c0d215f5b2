using System.CommandLine;
using Qingling.Core.Income;
using Qingling.Core.Showcase;
using Qingling.Data.Showcase;
using Qingling.Web.Cli;
using Qingling.Web.Progress;

namespace Qingling.Web.Showcase;

/// <summary>`qingling showcase draft`: a 典型案例 draft in Chinese from the record, for a household the record supports.</summary>
public static class ShowcaseCommand
{
    /// <summary>
    /// `qingling showcase candidates`: households the record supports (verified measures with income entered, income up, no
    /// open integrity alert) and the villages and work teams at the top of the period's scorecard, each with its evidence.
    /// </summary>
    static Command Candidates()
    {
        var year = FormatOption.Year("方案年度");
        var date = ProgressCommand.DateOption("--date", "数据截至日期（默认方案年度末）");
        var format = FormatOption.Create();
        var command = new Command("candidates", "选树典型候选：收入经核实增长、无未解决诚信预警的农户，以及考核排名前列的村（社区）和驻村工作队，附依据") { year, date, format };
        command.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var y = parse.GetValue(year);
            if (y != plan.Year) throw new UsageException($"方案“{plan.Name}”的年度是{plan.Year}年，--year {y} 与之不符");
            var on = parse.GetValue(date) ?? new DateOnly(plan.Year, 12, 31);
            using var db = store.CreateContext();
            var rows = ShowcaseCandidates.List(db, plan, on, CommonOptions.Actor);
            Output.Write(rows, Columns, parse.GetValue(format), caption: $"{plan.Name} 选树典型候选（数据截至{on:yyyy-MM-dd}）：农户{rows.Count(r => r.Kind == "household")}户，村（社区）和工作队{rows.Count(r => r.Kind != "household")}个");
            return 0;
        });
        return command;
    }

    static readonly Column<ShowcaseCandidate>[] Columns =
    [
        new("kind", "类别", r => r.Kind, Display: r => ShowcaseCandidates.KindName(r.Kind)),
        new("name", "户编号/单位", r => r.Name),
        new("village", "村（社区）", r => r.Village),
        new("channel", "增收渠道", r => r.Channel, Display: r => r.ChannelName),
        new("measuresVerified", "核实措施", r => r.Kind == "household" ? r.MeasuresVerified : null, Right: true),
        new("verifiedIncome", "核实增收", r => r.Kind == "household" ? r.VerifiedIncome : null, Right: true),
        new("perCapitaBefore", "人均（前）", r => r.PerCapitaBefore, Right: true),
        new("perCapitaAfter", "人均（后）", r => r.PerCapitaAfter, Right: true),
        new("income", "分项收入（前→后）", r => string.Join("；", r.Income.Select(f => $"{f.Category}:{f.Before.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}->{f.After.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}")),
            Display: r => string.Join("；", r.Income.Take(5).Select(f => $"{f.Category}{Money.Show(f.Before)}→{Money.Show(f.After)}"))),
        new("alertStatus", "诚信预警", r => r.AlertStatus),
        new("consent", "同意公开", r => r.Kind == "household" ? r.Consent : null, Display: r => r.Kind != "household" ? "" : r.Consent ? "已同意" : "未记录"),
        new("score", "考核得分", r => r.Score, Right: true),
        new("rank", "排名", r => r.Rank, Right: true),
        new("evidence", "依据", r => r.Evidence),
    ];

    public static Command Create()
    {
        var household = new Option<string>("--household") { Description = "户编号", Required = true };
        var date = ProgressCommand.DateOption("--date", "数据截至日期（默认方案年度末）");
        var output = new Option<string?>("--out") { Description = "写入此文件：.docx 为 Word 文档（含收入对比表和图），其他为 UTF-8 文本；默认输出到屏幕" };
        var draft = new Command("draft", "根据记录生成典型案例草稿：基本情况、一户一策、各项收入前后对比、群众心声（不含证件号码和电话，户名写作某某）") { household, date, output };
        draft.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var on = parse.GetValue(date) ?? new DateOnly(plan.Year, 12, 31);
            ShowcaseCase draftCase;
            // The same draft as the web's: members' names as 某某, ID and phone numbers masked; nothing is stored.
            try { draftCase = new ShowcaseHandler(store, plan, CommonOptions.Actor).Unsaved(parse.GetValue(household)!, on); }
            catch (ShowcaseNotSupportedException e) { throw new NoDataException(e.Message); }
            if (parse.GetValue(output) is { } path)
            {
                var full = Path.GetFullPath(path);
                if (full.EndsWith(".docx", StringComparison.OrdinalIgnoreCase))
                {
                    using var file = File.Create(full);
                    ShowcaseDocx.Write(draftCase, ShowcaseHandler.FiguresOf(draftCase), file);
                }
                else File.WriteAllText(full, draftCase.Text, new System.Text.UTF8Encoding(false));
                Console.Error.WriteLine($"已写入典型案例草稿：{full}");
            }
            else Console.Write(draftCase.Text);
            return 0;
        });
        var command = new Command("showcase", "选树典型：候选、典型案例草稿") { draft, Candidates() };
        command.Options.Add(CommonOptions.Plan);
        return command;
    }
}
