using System.Text.Json;
using Qingling.Tests.Support;

namespace Qingling.Tests.Cli;

/// <summary>The `qingling` command as a user runs it, on each database.</summary>
public class CommandLineTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void Demo_then_targets_lists_the_11_households_and_52_people(string provider)
    {
        using var db = new TestDatabase(provider);
        var demo = Support.Cli.Run(db.Folder, ["demo", .. db.CliArguments]);
        Assert.True(demo.ExitCode == 0, demo.Error);
        Assert.Contains("11户52人", demo.Output);

        var json = Support.Cli.Run(db.Folder, ["targets", "--year", "2022", "--format", "json", .. db.CliArguments]);
        Assert.Equal(0, json.ExitCode);
        var rows = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(11, rows.Count);
        Assert.Equal(52, rows.Sum(r => r.GetProperty("persons").GetInt32()));
        Assert.All(rows, r => Assert.True(r.GetProperty("perCapitaNetIncome").GetDecimal() < 10_000m));
        Assert.Equal(["householdCode", "village", "persons", "perCapitaNetIncome", "gap", "labourMembers"], rows[0].EnumerateObject().Select(p => p.Name));

        var weak = Support.Cli.Run(db.Folder, ["targets", "--year", "2022", "--weak-labour", "--format", "csv", .. db.CliArguments]);
        Assert.Equal(13, weak.Output.Trim().Split('\n').Length); // header + 11 + the weak-labour household

        var income = Support.Cli.Run(db.Folder, ["income", "--year", "2022", "--format", "csv", .. db.CliArguments]);
        var lines = income.Output.Trim().Split('\n');
        Assert.Equal("householdCode,village,persons,wage,production,property,transfer,productionCost,netIncome,perCapitaNetIncome,growth", lines[0].Trim());
        Assert.Equal(1_201, lines.Length);

        var table = Support.Cli.Run(db.Folder, ["targets", "--year", "2022", .. db.CliArguments]);
        Assert.Contains("人均纯收入", table.Output);
        Assert.Contains("9,999.99", table.Output);

        var again = Support.Cli.Run(db.Folder, ["demo", .. db.CliArguments]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("已有数据", again.Error);
    }

    [Theory, MemberData(nameof(Providers))]
    public void Import_refuses_a_bad_file_lists_problems_and_exits_non_zero(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(5);
        b.Set(2, "劳动技能", "全劳力");
        var path = b.WriteCsv(Path.Combine(db.Folder, "bad.csv"));
        var problems = Path.Combine(db.Folder, "problems.csv");
        var result = Support.Cli.Run(db.Folder, ["import", path, "--year", "2022", "--problems", problems, .. db.CliArguments]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"bad.csv 第{b.FileRow(2)}行 [劳动技能] 值“全劳力”", result.Output);
        Assert.Contains("数据库未作任何改动", result.Error);
        var written = File.ReadAllLines(problems);
        Assert.Equal("文件,行,列,值,原因,级别", written[0].TrimStart('\uFEFF'));
        Assert.StartsWith($"bad.csv,{b.FileRow(2)},劳动技能,全劳力,", written[1]);

        var good = Support.Cli.Run(db.Folder, ["import", ExportBuilder.FromTown(5).WriteCsv(Path.Combine(db.Folder, "good.csv")), "--year", "2022", .. db.CliArguments]);
        Assert.True(good.ExitCode == 0, good.Error);
        Assert.Contains("已导入 good.csv", good.Output);
        var again = Support.Cli.Run(db.Folder, ["import", Path.Combine(db.Folder, "good.csv"), "--year", "2022", .. db.CliArguments]);
        Assert.Contains("未作改动", again.Output);
    }

    [Fact]
    public void Generate_writes_the_same_file_for_the_same_seed_and_import_reads_it()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-cli-").FullName;
        try
        {
            Assert.Equal(0, Support.Cli.Run(folder, "generate", "--households", "50", "--seed", "3", "--out", "a.csv").ExitCode);
            Assert.Equal(0, Support.Cli.Run(folder, "generate", "--households", "50", "--seed", "3", "--out", "b.csv").ExitCode);
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "a.csv")), File.ReadAllBytes(Path.Combine(folder, "b.csv")));
            Assert.Equal(0, Support.Cli.Run(folder, "generate", "--households", "50", "--seed", "3", "--out", "c.xlsx").ExitCode);
            var imported = Support.Cli.Run(folder, "import", "c.xlsx", "--year", "2022", "--db", "g.db");
            Assert.True(imported.ExitCode == 0, imported.Error + imported.Output);
            Assert.Contains("新增50户", imported.Output);
            Assert.True(File.Exists(Path.Combine(folder, "g.db.key")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Usage_errors_are_one_line_in_Chinese()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-cli-").FullName;
        try
        {
            var r = Support.Cli.Run(folder, "targets", "--year", "2022", "--format", "pdf", "--db", "x.db");
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("未知的输出格式“pdf”", r.Error + r.Output);
            var both = Support.Cli.Run(folder, "targets", "--year", "2022", "--db", "x.db", "--connection", "Host=127.0.0.1");
            Assert.Equal(2, both.ExitCode);
            Assert.StartsWith("错误：", both.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
