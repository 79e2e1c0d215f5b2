using System.CommandLine;
using Qingling.Core.Showcase;
using Qingling.Data.Showcase;
using Qingling.Web.Cli;
using Qingling.Web.Progress;

namespace Qingling.Web.Showcase;

/// <summary>`qingling showcase draft`: a 典型案例 draft in Chinese from the record, for a household the record supports.</summary>
public static class ShowcaseCommand
{
    public static Command Create()
    {
        var household = new Option<string>("--household") { Description = "户编号", Required = true };
        var date = ProgressCommand.DateOption("--date", "数据截至日期（默认方案年度末）");
        var output = new Option<string?>("--out") { Description = "写入此文本文件（UTF-8），默认输出到屏幕" };
        var draft = new Command("draft", "根据记录生成典型案例草稿：基本情况、一户一策、各项收入前后对比、群众心声（不含证件号码和电话，户名写作某某）") { household, date, output };
        draft.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var on = parse.GetValue(date) ?? new DateOnly(plan.Year, 12, 31);
            using var db = store.CreateContext();
            var facts = ShowcaseQuery.Facts(db, plan, parse.GetValue(household)!, on);
            var problems = ShowcaseDraft.Problems(facts);
            if (problems.Count > 0) throw new NoDataException($"户{parse.GetValue(household)}的记录还不足以作为典型案例：{string.Join("；", problems)}");
            var text = ShowcaseDraft.Write(facts, plan.Name);
            if (parse.GetValue(output) is { } path)
            {
                var full = Path.GetFullPath(path);
                File.WriteAllText(full, text, new System.Text.UTF8Encoding(false));
                Console.Error.WriteLine($"已写入典型案例草稿：{full}");
            }
            else Console.Write(text);
            return 0;
        });
        var command = new Command("showcase", "选树典型：典型案例草稿") { draft };
        command.Options.Add(CommonOptions.Plan);
        return command;
    }
}
