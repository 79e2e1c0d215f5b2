using System.CommandLine;
using Qingling.Core.Demo;
using Qingling.Data.Export;
using Qingling.Web.Cli;
using Spectre.Console;

namespace Qingling.Web.Demo;

/// <summary>`qingling generate`: a synthetic town's member export, the same for the same seed.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var households = new Option<int>("--households") { Description = "户数", Required = true };
        var seed = new Option<int>("--seed") { Description = "随机种子：相同种子生成相同数据", DefaultValueFactory = _ => 1 };
        var year = new Option<int>("--year") { Description = "收入年度", DefaultValueFactory = _ => 2022 };
        var output = new Option<string>("--out") { Description = "输出文件（.xlsx 或 .csv）", Required = true };
        var encoding = new Option<string?>("--encoding") { Description = "CSV 编码：utf-8（默认，带BOM）或 gb18030" };
        var plant = new Option<bool>("--plant-anomalies") { Description = "另写下一年度的导出文件（…-<年度+1>），在正常户中植入各类“数字增收”手法，并写出植入清单（…-truth.csv：户编号,预警类型）" };
        var towns = new Option<int?>("--towns") { Description = "乡镇数：生成一个覆盖多个合成乡镇的导出文件（--households 为总户数，平均分到各乡镇）" };
        var counties = new Option<int?>("--counties") { Description = "县数（与 --towns 同用，默认1）：各乡镇依次分到同一市的这些县" };
        var cities = new Option<int?>("--cities") { Description = "市数（与 --towns、--counties 同用，默认1）：各县依次分到同一省的这些市，生成全省的导出文件" };
        var command = new Command("generate", "生成合成的乡镇家庭成员导出文件（证件号码地址码99xxxx，不对应真实人员）") { households, seed, year, output, encoding, plant, towns, counties, cities };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(households);
            if (n <= 0) throw new UsageException("--households 应为正整数");
            var path = parse.GetValue(output)!;
            if (parse.GetValue(counties) is not null && parse.GetValue(towns) is null) throw new UsageException("--counties 须与 --towns 同用");
            if (parse.GetValue(cities) is not null && parse.GetValue(counties) is null) throw new UsageException("--cities 须与 --towns、--counties 同用");
            // Without --towns the one town is written exactly as before (same bytes for the same seed).
            var town = parse.GetValue(towns) is { } townCount
                ? new RegionGenerator(parse.GetValue(seed), parse.GetValue(year), townCount, parse.GetValue(counties) ?? 1, parse.GetValue(cities) ?? 1).Generate(n)
                : new TownGenerator(TownProfile.Mengyong, parse.GetValue(seed), parse.GetValue(year)).Generate(n);
            var started = DateTime.UtcNow;
            long rows;
            if (Output.Interactive)
            {
                rows = AnsiConsole.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask("生成", maxValue: n * 3.6);
                    return ExportFileWriter.Write(path, town, parse.GetValue(encoding), r => task.Value = r);
                });
            }
            else rows = ExportFileWriter.Write(path, town, parse.GetValue(encoding));
            Console.WriteLine($"已生成 {path}：{n}户{rows}人，用时{(DateTime.UtcNow - started).TotalSeconds:0.0}秒");
            if (parse.GetValue(plant)) PlantedYear.Write(path, town.ToList(), parse.GetValue(seed), parse.GetValue(encoding));
            return 0;
        });
        return command;
    }
}
