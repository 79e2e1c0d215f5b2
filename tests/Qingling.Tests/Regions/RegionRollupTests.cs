using System.Text.Json;
using Qingling.Core.Demo;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Data.Export;
using Qingling.Data.Import;
using Qingling.Data.Queries;
using Qingling.Data.Regions;
using Qingling.Tests.Support;

namespace Qingling.Tests.Regions;

/// <summary>`qingling region`: totals are the sum of the children and equal the target list counted town by town.</summary>
public class RegionRollupTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>Six towns over two counties, imported for 2022.</summary>
    static void ImportSixTowns(TestDatabase db, int seed = 4)
    {
        var path = Path.Combine(db.Folder, "region.csv");
        ExportFileWriter.Write(path, new RegionGenerator(seed, 2022, 6, 2).Generate(1_800));
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(path, new ImportOptions(2022)).Outcome);
    }

    /// <summary>Per town: the target list run village by village, as `targets --village` gives it.</summary>
    static Dictionary<string, (int Households, int Persons)> TargetsPerTown(TestDatabase db, int year, TargetRule rule)
    {
        using var context = db.Store.CreateContext();
        var tree = RegionQuery.Tree(context);
        var byId = tree.ToDictionary(r => r.Id);
        var result = new Dictionary<string, (int, int)>();
        foreach (var village in tree.Where(r => r.Level == RegionLevel.Village))
        {
            var town = byId[village.ParentId!.Value].Name;
            var list = IncomeQuery.Targets(context, year, rule, village.Name);
            var (h, p) = result.GetValueOrDefault(town);
            result[town] = (h + list.Count, p + list.Sum(t => t.Persons));
        }
        return result;
    }

    static List<JsonElement> Json(TestDatabase db, params string[] args)
    {
        var run = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--format", "json", .. args, .. db.CliArguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
    }

    [Theory, MemberData(nameof(Providers))]
    public void County_and_city_rows_sum_to_their_total_and_equal_targets_run_per_town(string provider)
    {
        using var db = new TestDatabase(provider);
        ImportSixTowns(db);
        var perTown = TargetsPerTown(db, 2022, new TargetRule());
        Assert.True(perTown.Values.Sum(t => t.Households) > 20, "the generated towns should have targets to count");

        var city = Json(db, "--region", "合成市");
        Assert.Equal(2, city.Count);
        Assert.Equal(["region", "code", "targetHouseholds", "targetPersons"], city[0].EnumerateObject().Select(p => p.Name).Take(4));
        var total = 0;
        foreach (var county in city)
        {
            var towns = Json(db, "--region", county.GetProperty("code").GetString()!);
            Assert.Equal(3, towns.Count);
            foreach (var town in towns)
            {
                var expected = perTown[town.GetProperty("region").GetString()!];
                Assert.Equal(expected.Households, town.GetProperty("targetHouseholds").GetInt32());
                Assert.Equal(expected.Persons, town.GetProperty("targetPersons").GetInt32());
                Assert.Equal(300, town.GetProperty("households").GetInt32());
            }
            // The county row is the sum of its towns.
            foreach (var key in new[] { "targetHouseholds", "targetPersons", "households", "persons" })
                Assert.Equal(towns.Sum(t => t.GetProperty(key).GetInt32()), county.GetProperty(key).GetInt32());
            total += county.GetProperty("targetHouseholds").GetInt32();
        }
        Assert.Equal(perTown.Values.Sum(t => t.Households), total);

        // The root (the province) by default: one child, the city, holding everything.
        var root = Assert.Single(Json(db));
        Assert.Equal("合成市", root.GetProperty("region").GetString());
        Assert.Equal(1_800, root.GetProperty("households").GetInt32());
        Assert.Equal(total, root.GetProperty("targetHouseholds").GetInt32());

        // A town's rows are its villages; the table names the region and its total.
        var firstTown = Json(db, "--region", perTown.Keys.First());
        Assert.Equal(8, firstTown.Count);
        var table = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--region", "合成市", .. db.CliArguments]);
        Assert.Contains($"清零对象{total}户", table.Output);
        Assert.Contains("云南省合成市", table.Output);
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_county_report_workbook_has_a_title_a_named_sheet_a_row_per_county_and_the_total(string provider)
    {
        using var db = new TestDatabase(provider);
        ImportSixTowns(db);
        var file = Path.Combine(db.Folder, "city.xlsx");
        var run = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--region", "合成市", "--format", "json", "--xlsx", file, .. db.CliArguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        var json = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["市级汇总表"], MiniExcelLibs.MiniExcel.GetSheetNames(file));
        var rows = MiniExcelLibs.MiniExcel.Query(file).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();
        Assert.StartsWith("云南省合成市2022年市级汇总表", (string)rows[0][0]!);
        Assert.Equal(RegionCommandTitles, rows[1].Take(4).Select(v => (string)v!));
        Assert.Equal(json.Select(j => j.GetProperty("region").GetString()), rows.Skip(2).SkipLast(1).Select(r => (string?)r[0]));
        Assert.Equal(json.Select(j => j.GetProperty("targetPersons").GetInt32()), rows.Skip(2).SkipLast(1).Select(r => Convert.ToInt32(r[3])));
        Assert.Equal(("合计", json.Sum(j => j.GetProperty("targetHouseholds").GetInt32())), ((string)rows[^1][0]!, Convert.ToInt32(rows[^1][2])));

        Assert.EndsWith("（清零对象：人均纯收入低于10000元的有劳动力脱贫户）", (string)rows[0][0]!);

        // The title names who was counted: a wider rule is not passed off as 有劳动力脱贫户.
        var wide = Path.Combine(db.Folder, "wide.xlsx");
        var widened = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--region", "合成市", "--line", "12000", "--weak-labour", "--include-monitored", "--xlsx", wide, .. db.CliArguments]);
        Assert.True(widened.ExitCode == 0, widened.Error);
        var title = (string)MiniExcelLibs.MiniExcel.Query(wide).Cast<IDictionary<string, object?>>().First().Values.First()!;
        Assert.EndsWith("（清零对象：人均纯收入低于12000元的有劳动力（含弱劳动力或半劳动力）的脱贫户和监测对象）", title);

        var bad = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--xlsx", Path.Combine(db.Folder, "x.csv"), .. db.CliArguments]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--xlsx 应为 .xlsx 文件", bad.Error);
    }

    /// <summary>CSV gives the same rows as JSON: a header of the JSON keys, then one line per child region.</summary>
    [Theory, MemberData(nameof(Providers))]
    public void The_csv_has_the_json_keys_and_rows(string provider)
    {
        using var db = new TestDatabase(provider);
        ImportSixTowns(db);
        var json = Json(db, "--region", "合成市");
        var run = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--region", "合成市", "--format", "csv", .. db.CliArguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var header = lines[0].Split(',');
        Assert.Equal(json[0].EnumerateObject().Select(p => p.Name), header);
        Assert.Equal(json.Count, lines.Count - 1);
        for (var i = 0; i < json.Count; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(json[i].GetProperty("region").GetString(), cells[Array.IndexOf(header, "region")]);
            Assert.Equal(json[i].GetProperty("targetHouseholds").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), cells[Array.IndexOf(header, "targetHouseholds")]);
            Assert.Equal(json[i].GetProperty("persons").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), cells[Array.IndexOf(header, "persons")]);
        }
    }

    /// <summary>A province's report (省级汇总表) has a row per county, each naming its city first, and the total.</summary>
    [Theory, MemberData(nameof(Providers))]
    public void A_provinces_report_has_a_row_per_county_with_its_city(string provider)
    {
        using var db = new TestDatabase(provider);
        ImportSixTowns(db);
        var file = Path.Combine(db.Folder, "province.xlsx");
        var run = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--xlsx", file, .. db.CliArguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["省级汇总表"], MiniExcelLibs.MiniExcel.GetSheetNames(file));
        var rows = MiniExcelLibs.MiniExcel.Query(file).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();
        Assert.StartsWith("云南省2022年省级汇总表", (string)rows[0][0]!);
        Assert.Equal(["市（州）", .. RegionCommandTitles], rows[1].Take(5).Select(v => (string)v!));
        var counties = Json(db, "--region", "合成市");
        var body = rows.Skip(2).SkipLast(1).ToList();
        Assert.Equal(2, body.Count);
        Assert.All(body, r => Assert.Equal("合成市", r[0]));
        Assert.Equal(counties.Select(c => c.GetProperty("region").GetString()), body.Select(r => (string?)r[1]));
        Assert.Equal(counties.Select(c => c.GetProperty("targetHouseholds").GetInt32()), body.Select(r => Convert.ToInt32(r[3])));
        Assert.Equal(counties.Select(c => c.GetProperty("persons").GetInt32()), body.Select(r => Convert.ToInt32(r[6])));
        Assert.Equal("合计", rows[^1][0]);
        Assert.Equal(counties.Sum(c => c.GetProperty("targetHouseholds").GetInt32()), Convert.ToInt32(rows[^1][3]));
    }

    static readonly string[] RegionCommandTitles = ["区划", "区划代码", "清零户数", "清零人数"];

    [Theory, MemberData(nameof(Providers))]
    public void The_SQL_count_follows_every_setting_of_the_target_rule(string provider)
    {
        using var db = new TestDatabase(provider);
        ImportSixTowns(db, seed: 9);
        using var context = db.Store.CreateContext();
        var tree = RegionQuery.Tree(context);
        var root = tree.Single(r => r.ParentId is null);
        foreach (var rule in new[] { new TargetRule(), new TargetRule(12_000m), new TargetRule(WeakLabourCounts: true), new TargetRule(IncludeMonitored: true), new TargetRule(9_999.99m, true, true) })
        {
            var list = IncomeQuery.Targets(context, 2022, rule);
            var rollup = RegionQuery.Rollup(context, tree, root, 2022, rule);
            Assert.Equal((list.Count, list.Sum(t => t.Persons)), (rollup.Total.Figures.TargetHouseholds, rollup.Total.Figures.TargetPersons));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void On_the_demo_the_town_holds_the_11_households_and_52_people_and_the_open_year_follows_its_entries(string provider)
    {
        using var db = new TestDatabase(provider);
        var demo = Support.Cli.Run(db.Folder, ["demo", .. db.CliArguments]);
        Assert.True(demo.ExitCode == 0, demo.Error);
        var town = Assert.Single(Json(db, "--region", "耿马傣族佤族自治县"));
        Assert.Equal("勐永镇", town.GetProperty("region").GetString());
        Assert.Equal((11, 52), (town.GetProperty("targetHouseholds").GetInt32(), town.GetProperty("targetPersons").GetInt32()));
        Assert.Equal(1_200, town.GetProperty("households").GetInt32());

        // 2023 is open: 2022's facts, January–June entries only (no annual record yet).
        using var context = db.Store.CreateContext();
        var tree = RegionQuery.Tree(context);
        var list = IncomeQuery.Targets(context, 2023, new TargetRule());
        var rollup = RegionQuery.Rollup(context, tree, tree.Single(r => r.Name == "勐永镇"), 2023, new TargetRule());
        Assert.Equal((list.Count, list.Sum(t => t.Persons)), (rollup.Total.Figures.TargetHouseholds, rollup.Total.Figures.TargetPersons));
        Assert.True(rollup.Total.Figures.MeasuresTotal > 0, "the demo's 2023 measures are counted");
        Assert.Equal(rollup.Children.Sum(c => c.Figures.MeasuresTotal), rollup.Total.Figures.MeasuresTotal);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_wrong_region_or_year_is_named_in_Chinese_with_a_non_zero_exit(string provider)
    {
        using var db = new TestDatabase(provider);
        var empty = Support.Cli.Run(db.Folder, ["region", "--year", "2022", .. db.CliArguments]);
        Assert.NotEqual(0, empty.ExitCode);
        Assert.Contains("还没有区划", empty.Error);

        ImportSixTowns(db);
        var name = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--region", "不存在县", .. db.CliArguments]);
        Assert.Equal(2, name.ExitCode);
        Assert.Contains("没有名为“不存在县”的区划", name.Error);
        Assert.Contains("合成市（990800000000）", name.Error);
        var code = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--region", "123", .. db.CliArguments]);
        Assert.Equal(2, code.ExitCode);
        Assert.Contains("区划代码“123”应为12位数字", code.Error);
        var unknownCode = Support.Cli.Run(db.Folder, ["region", "--year", "2022", "--region", "110000000000", .. db.CliArguments]);
        Assert.Equal(2, unknownCode.ExitCode);
        Assert.Contains("没有区划代码为“110000000000”的区划", unknownCode.Error);
        var year = Support.Cli.Run(db.Folder, ["region", "--year", "2021", .. db.CliArguments]);
        Assert.Equal(1, year.ExitCode);
        Assert.Contains("2021年没有收入数据", year.Error);
        Assert.DoesNotContain("Exception", name.Error + code.Error + year.Error + unknownCode.Error);
    }
}
