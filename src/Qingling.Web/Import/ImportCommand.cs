using System.CommandLine;
using Qingling.Core.Import;
using Qingling.Data.Import;
using Qingling.Web.Cli;
using Spectre.Console;

namespace Qingling.Web.Import;

/// <summary>`qingling import FILE`: imports a national-system export, or lists why it was refused.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "全国防返贫监测信息系统导出的 .xlsx 或 .csv 文件" };
        var year = new Option<int?>("--year") { Description = "收入所属年度（文件无“年度”列时必填）" };
        var encoding = new Option<string?>("--encoding") { Description = "CSV 编码：utf-8 或 gb18030（默认自动识别）" };
        var problems = new Option<string?>("--problems") { Description = "把全部问题写入此 CSV 文件" };
        var workingAge = new Option<int>("--working-age") { Description = "劳动年龄上限：超过此年龄仍为普通或技能劳动力时提醒（默认65）", DefaultValueFactory = _ => ImportChecks.DefaultMaxWorkingAge };
        var progress = new Option<bool>("--progress") { Description = "输出不是终端时（脚本、日志），也在标准错误中逐段打印进度" };
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查并预览将新增、更新的户，加入、离开的成员和收入变动的户，不写入数据库" };
        var command = new Command("import", "导入全国系统导出的家庭成员信息（有错误则整份文件不导入）") { file, year, encoding, problems, workingAge, progress, dryRun };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"找不到要导入的文件：{Path.GetFullPath(path)}");
            // The first import may create the database; a refused first import leaves none behind.
            var fresh = FreshSqliteFile(parse);
            var store = CommonOptions.Open(parse, create: true);
            var options = new ImportOptions(parse.GetValue(year), parse.GetValue(encoding), CommonOptions.Actor, parse.GetValue(workingAge), parse.GetValue(dryRun));
            var result = Output.Interactive
                ? AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>();
                        void Show(string stage, double fraction)
                        {
                            if (!tasks.TryGetValue(stage, out var t)) tasks[stage] = t = ctx.AddTask(stage, maxValue: 1);
                            t.Value = fraction;
                        }
                        return new ImportHandler(store) { Progress = Show }.Run(path, options);
                    })
                : new ImportHandler(store) { Progress = parse.GetValue(progress) ? Lines() : null }.Run(path, options);
            var exit = Report(result, parse.GetValue(problems));
            // A dry run writes nothing: not even the database file it had to create to compare against.
            if ((result.Outcome == ImportOutcome.Refused || options.DryRun) && fresh is not null)
                foreach (var f in new[] { fresh, fresh + "-wal", fresh + "-shm", parse.GetValue(CommonOptions.KeyFile) ?? fresh + ".key" }) File.Delete(f);
            return exit;
        });
        return command;
    }

    /// <summary>The SQLite file this import would create, or null when it exists already (or the database is PostgreSQL).</summary>
    static string? FreshSqliteFile(ParseResult parse)
    {
        var options = CommonOptions.Database(parse);
        if (options.Provider != Qingling.Data.Database.DatabaseProvider.Sqlite) return null;
        var file = CommonOptions.SqliteFile(options);
        return File.Exists(file) ? null : file;
    }

    /// <summary>One line per whole percent, so a script (or the kill test) can follow a long import.</summary>
    static Action<string, double> Lines()
    {
        var last = -1;
        return (stage, fraction) =>
        {
            var percent = (int)(fraction * 100);
            if (percent == last) return;
            last = percent;
            Console.Error.WriteLine($"进度 {stage} {percent}%");
        };
    }

    const int Shown = 50;

    static int Report(ImportResult result, string? problemsFile)
    {
        var p = result.Problems;
        if (problemsFile is not null) WriteProblems(problemsFile, p);
        var shown = p.Kept.OrderBy(x => x.Severity).ThenBy(x => x.Row).Take(Shown).ToList();
        foreach (var problem in shown) Console.WriteLine(problem);
        if (p.Errors + p.Warnings > shown.Count)
            Console.WriteLine($"……另有{p.Errors + p.Warnings - shown.Count}条未列出" + (problemsFile is null ? "，用 --problems 文件名 导出全部" : $"，全部见 {problemsFile}"));

        switch (result.Outcome)
        {
            case ImportOutcome.Refused:
                Console.Error.WriteLine($"未导入：{result.File} 有{p.Errors}个错误、{p.Warnings}条提醒，数据库未作任何改动。");
                return 1;
            case ImportOutcome.Previewed:
                PreviewReport.Print(result);
                return 0;
            case ImportOutcome.Unchanged:
                // The same file again stops reading at once: its row count is the earlier import's.
                Console.WriteLine($"{result.File}（{result.Batch?.Rows ?? result.Rows}行）与数据库已有内容一致，未作改动。");
                return 0;
            default:
                var b = result.Batch!;
                Console.WriteLine($"已导入 {result.File}（{b.Year}年，{result.Rows}行，用时{result.Elapsed.TotalSeconds:0.0}秒，批次#{b.Id}）：" +
                                  $"新增{b.HouseholdsAdded}户、更新{b.HouseholdsUpdated}户；新增成员{b.MembersAdded}人、更新{b.MembersUpdated}人、离开{b.MembersLeft}人；" +
                                  $"收入记录{b.IncomeEntriesAdded}条；提醒{p.Warnings}条。");
                return 0;
        }
    }

    static void WriteProblems(string path, ProblemList problems)
    {
        using var w = new StreamWriter(path, false, Output.Utf8Bom);
        w.WriteLine("文件,行,列,值,原因,级别");
        foreach (var x in problems.Kept)
            w.WriteLine(string.Join(",", new[] { x.File, x.Row.ToString(), x.Column, x.Value, x.Reason, x.SeverityName }.Select(Output.Csv)));
    }
}
