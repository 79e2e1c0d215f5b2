using Microsoft.EntityFrameworkCore;
using Qingling.Core.Demo;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Data.Export;
using Qingling.Data.Import;
using Qingling.Data.Regions;
using Qingling.Tests.Support;

namespace Qingling.Tests.Regions;

/// <summary>The village figures a county publishes: the same as its roll-up, and rewritten only where they moved.</summary>
public class PublishedFiguresTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>Makes the database a publishing county, as deploy/replication/county-publish.sh does (its table only).</summary>
    static void CreatePublication(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        c.Database.ExecuteSqlRaw($"CREATE PUBLICATION {PublishedFigures.Publication} FOR TABLE village_figures");
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_published_rows_add_up_to_the_roll_up_and_a_recount_writes_only_what_moved(string provider)
    {
        using var db = new TestDatabase(provider);
        var path = Path.Combine(db.Folder, "region.csv");
        ExportFileWriter.Write(path, new RegionGenerator(4, 2022, 6, 2).Generate(900));
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(path, new ImportOptions(2022)).Outcome);

        using var c = db.Store.CreateContext();
        // Not publishing (no publication): the import wrote nothing; the province reader is not this database.
        Assert.False(PublishedFigures.IsPublishing(c));
        Assert.Empty(c.PublishedVillages);
        Assert.False(PublishedFigures.IsReader(c));
        var version = Qingling.Data.Database.DataVersion.Current(c);

        var first = PublishedFigures.Refresh(c);
        var villages = RegionQuery.Tree(c).Count(r => r.Level == RegionLevel.Village);
        Assert.Equal((villages, 0, 0, 0), (first.Written, first.Removed, first.Unchanged, first.VillagesWithoutCode));
        var tree = RegionQuery.Tree(c);
        var root = tree.Single(r => r.ParentId is null);
        var rollup = RegionQuery.Rollup(c, tree, root, 2022, new TargetRule());
        var rows = c.PublishedVillages.AsNoTracking().ToList();
        Assert.Equal(rollup.Total.Figures.TargetHouseholds, rows.Sum(r => r.TargetHouseholds));
        Assert.Equal(rollup.Total.Figures.Persons, rows.Sum(r => r.Persons));
        Assert.True(rows.Sum(r => r.TargetHouseholds) > 10, "the generated towns should have targets");
        Assert.All(rows, r => Assert.Equal("合成市", r.City));
        Assert.All(rows, r => Assert.Equal(10_000m, r.IncomeLine));
        // Derived data: writing it is not a change of the data (pages cached per data version stay cached).
        Assert.Equal(version, Qingling.Data.Database.DataVersion.Current(c));

        // The county's word of when these were confirmed: one row per county, with the data version counted at.
        var counties = c.PublishedCounties.AsNoTracking().OrderBy(x => x.CountyCode).ToList();
        Assert.Equal(2, counties.Count);
        Assert.All(counties, x => Assert.True(DateTime.UtcNow - x.CheckedAt < TimeSpan.FromMinutes(5)));
        Assert.All(counties, x => Assert.Equal(version, x.DataVersion));
        Assert.Equal(rows.Select(r => r.County).Distinct().Order(), counties.Select(x => x.County).Order());

        var again = PublishedFigures.Refresh(c);
        Assert.Equal((0, 0, villages), (again.Written, again.Removed, again.Unchanged));

        // A plan with another line: only villages whose targets move are rewritten, under the new rule.
        var plan = Path.Combine(db.Folder, "plan.json");
        File.WriteAllText(plan, File.ReadAllText(Plans.PlanTests.SamplePath)
            .Replace("\"incomeLine\": 10000", "\"incomeLine\": 12000", StringComparison.Ordinal));
        new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Load(plan);
        var recount = PublishedFigures.Refresh(c);
        Assert.Equal(villages, recount.Written); // the rule travels with every row
        var raised = RegionQuery.Rollup(c, tree, root, 2022, new TargetRule(12_000m));
        Assert.Equal(raised.Total.Figures.TargetHouseholds, c.PublishedVillages.AsNoTracking().Sum(r => r.TargetHouseholds));
        Assert.True(raised.Total.Figures.TargetHouseholds > rollup.Total.Figures.TargetHouseholds);
    }

    /// <summary>
    /// A county that publishes (PostgreSQL with the publication) needs no one to run `publish`: the import recounts as it
    /// commits, and the web app's service within seconds of any other change (here a village project's funds).
    /// </summary>
    [Fact]
    public async Task A_publishing_county_recounts_after_an_import_and_after_a_change_made_in_the_web_app()
    {
        Assert.SkipWhen(TestDatabase.PostgresConnection is null, "QINGLING_TEST_POSTGRES is not set");
        using var db = new TestDatabase(TestDatabase.Postgres);
        CreatePublication(db);
        var path = Path.Combine(db.Folder, "region.csv");
        var generator = new RegionGenerator(4, 2022, 2, 1);
        ExportFileWriter.Write(path, generator.Generate(200));
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(path, new ImportOptions(2022)).Outcome);
        string village;
        using (var c = db.Store.CreateContext())
        {
            Assert.True(PublishedFigures.IsPublishing(c));
            Assert.Equal(RegionQuery.Tree(c).Count(r => r.Level == RegionLevel.Village), c.PublishedVillages.Count());
            Assert.Equal(0m, c.PublishedVillages.Sum(v => v.Funds));
            village = c.PublishedVillages.OrderBy(v => v.VillageCode).First().Village;
        }

        var service = new Qingling.Web.Regions.PublishingService(db.Store, Microsoft.Extensions.Logging.Abstractions.NullLogger<Qingling.Web.Regions.PublishingService>.Instance);
        await service.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            new Qingling.Data.Funds.ProjectHandler(db.Store, "测试").Add([new Qingling.Data.Funds.ProjectInput
            {
                Year = 2022, Name = "村集体产业项目", Source = Qingling.Core.Funds.FundSource.CentralBridging,
                Use = Qingling.Core.Funds.FundUse.Industry, Amount = 120_000m, Village = village,
            }], "测试");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            decimal funds;
            do
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
                using var c = db.Store.CreateContext();
                funds = c.PublishedVillages.Where(v => v.Village == village && v.Year == 2022).Select(v => v.Funds).Single();
            } while (funds == 0m && clock.Elapsed < Qingling.Web.Regions.PublishingService.Interval * 4);
            Assert.Equal(120_000m, funds);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// A county's database with several towns' plans publishes each village under its own town's plan, else its county's
    /// plan, else the default rule; never under a neighbouring town's plan.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public void Each_village_is_published_under_its_own_towns_plan_else_its_countys(string provider)
    {
        using var db = new TestDatabase(provider);
        var generator = new RegionGenerator(4, 2022, 6, 2);
        var path = Path.Combine(db.Folder, "region.csv");
        ExportFileWriter.Write(path, generator.Generate(600));
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(path, new ImportOptions(2022)).Outcome);
        var (x, y, z) = (generator.Profile(0), generator.Profile(1), generator.Profile(5)); // x and y in one county, z in the other
        Assert.Equal(x.County, y.County);
        Assert.NotEqual(x.County, z.County);
        var plans = new Qingling.Data.Plans.PlanHandler(db.Store, "测试");
        string TownPlan(Qingling.Core.Demo.TownProfile town, string key, int line) => File.ReadAllText(Plans.PlanTests.SamplePath)
            .Replace("\"key\": \"mengyong-2023\"", $"\"key\": \"{key}\"", StringComparison.Ordinal)
            .Replace("\"region\": { \"province\": \"云南省\", \"city\": \"临沧市\", \"county\": \"耿马傣族佤族自治县\", \"town\": \"勐永镇\" }",
                $"\"region\": {{ \"province\": \"{town.Province}\", \"city\": \"{town.City}\", \"county\": \"{town.County}\", \"town\": \"{town.Town}\" }}", StringComparison.Ordinal)
            .Replace("\"incomeLine\": 10000", $"\"incomeLine\": {line}", StringComparison.Ordinal);
        plans.LoadText(TownPlan(x, "town-x", 12_000), "x.json");
        plans.LoadText(TownPlan(z, "town-z", 9_000), "z.json");

        using var c = db.Store.CreateContext();
        Dictionary<string, decimal> Lines()
        {
            PublishedFigures.Refresh(c);
            return c.PublishedVillages.AsNoTracking().AsEnumerable().GroupBy(v => v.Town).ToDictionary(g => g.Key, g => g.Select(v => v.IncomeLine).Distinct().Single());
        }
        var lines = Lines();
        Assert.Equal(12_000m, lines[x.Town]);
        Assert.Equal(9_000m, lines[z.Town]);
        Assert.Equal(10_000m, lines[y.Town]); // no plan of its own, no county plan: the default, not town x's

        // A county plan for x's and y's county: y takes it; x keeps its own line.
        plans.LoadText("{ \"key\": \"county-xy\", \"name\": \"县级方案\", \"year\": 2023, \"baselineYear\": 2022, \"incomeLine\": 11000, " +
            $"\"region\": {{ \"province\": \"{x.Province}\", \"city\": \"{x.City}\", \"county\": \"{x.County}\" }} }}", "county.json");
        lines = Lines();
        Assert.Equal(12_000m, lines[x.Town]);
        Assert.Equal(11_000m, lines[y.Town]);
        Assert.Equal(9_000m, lines[z.Town]);
    }

    /// <summary>
    /// A county publishes each village's 预计年底仍低于收入线 and 考核 score as its own `region --date` counts them on its
    /// plan's 数据截至, with that date, on the plan year's row; the web app's quick recount keeps them; a province reads
    /// them back (the command shows them without --date, and refuses to project on another date).
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public void Projections_and_scores_travel_to_the_province_with_their_date(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        using var c = db.Store.CreateContext();
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var on = Qingling.Data.Measures.DataDate.Of(c, plan, DateOnly.FromDateTime(DateTime.Now));
        PublishedFigures.Refresh(c);

        var tree = RegionQuery.Tree(c);
        var projected = RegionQuery.ProjectedUnderLine(c, tree, on);
        var scores = RegionQuery.VillageScores(c, tree, on, "测试");
        Assert.True(projected.Values.Sum() > 0, "the demo town should have households projected under the line");
        Assert.NotEmpty(scores);
        var rows = c.PublishedVillages.AsNoTracking().ToList();
        var byCode = tree.Where(r => r.Level == RegionLevel.Village).ToDictionary(r => r.Code!, r => r.Id);
        var carrying = rows.Where(r => r.FiguresOn is not null).ToList();
        Assert.Equal(projected.Count, carrying.Count);
        Assert.All(carrying, r =>
        {
            Assert.Equal(plan.Year, r.Year); // the plan year's row
            Assert.Equal(on, r.FiguresOn);
            Assert.Equal(projected[byCode[r.VillageCode]], r.ProjectedUnderLine);
            Assert.Equal(scores.TryGetValue(byCode[r.VillageCode], out var s) ? s : null, r.VillageScore);
        });
        Assert.All(rows.Where(r => r.Year != plan.Year), r => Assert.Null(r.ProjectedUnderLine));

        // Nothing moved: nothing written. The quick recount keeps what the rows hold; the full one counts again.
        Assert.Equal(0, PublishedFigures.Refresh(c).Written);
        var first = carrying.OrderBy(r => r.VillageCode).First();
        c.Database.ExecuteSqlRaw("UPDATE village_figures SET projected_under_line = 999 WHERE village_code = {0} AND year = {1}", first.VillageCode, first.Year);
        Assert.Equal(0, PublishedFigures.Refresh(c, projections: false).Written);
        Assert.Equal(999, c.PublishedVillages.AsNoTracking().Single(r => r.VillageCode == first.VillageCode && r.Year == first.Year).ProjectedUnderLine);
        Assert.Equal(1, PublishedFigures.Refresh(c).Written);
        Assert.Equal(first.ProjectedUnderLine, c.PublishedVillages.AsNoTracking().Single(r => r.VillageCode == first.VillageCode && r.Year == first.Year).ProjectedUnderLine);

        // A province: the county's places and rows, no household (what replication and the province's trigger give it).
        using var province = new TestDatabase(provider);
        using (var p = province.Store.CreateContext())
        {
            p.Regions.AddRange(tree.Select(r => new Region { Id = r.Id, ParentId = r.ParentId, Level = r.Level, Name = r.Name, Code = r.Code }));
            p.PublishedVillages.AddRange(c.PublishedVillages.AsNoTracking().ToList());
            p.PublishedCounties.AddRange(c.PublishedCounties.AsNoTracking().ToList());
            p.SaveChanges();
            Assert.True(PublishedFigures.IsReader(p));
        }
        var run = Support.Cli.Run(province.Folder, ["region", "--year", "2022", "--format", "json", .. province.CliArguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        var json = System.Text.Json.JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(projected.Values.Sum(), json.Sum(t => t.GetProperty("projectedUnderLine").GetInt32()));
        var town = json.Single();
        Assert.Equal(Math.Round(scores.Values.Average(), 2, MidpointRounding.AwayFromZero), town.GetProperty("villageScore").GetDecimal());
        run = Support.Cli.Run(province.Folder, ["region", "--year", "2022", .. province.CliArguments]);
        Assert.Contains($"截至{on:yyyy-MM-dd}按各村方案预计年底仍低于收入线{projected.Values.Sum()}户", run.Output);
        run = Support.Cli.Run(province.Folder, ["region", "--year", "2022", "--date", "2023-06-30", .. province.CliArguments]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("不用 --date", run.Error);

        // Counties that counted on different dates: the range is named, not one date.
        var other = on.Month == 1 ? on.AddMonths(1) : new DateOnly(on.Year, 1, 31);
        using (var p = province.Store.CreateContext())
            p.Database.ExecuteSqlRaw("UPDATE village_figures SET figures_on = {0} WHERE village_code = {1} AND year = {2}", other, first.VillageCode, first.Year);
        run = Support.Cli.Run(province.Folder, ["region", "--year", "2022", .. province.CliArguments]);
        var (from, to) = other < on ? (other, on) : (on, other);
        Assert.Contains($"各县按本县数据截至日（{from:yyyy-MM-dd}至{to:yyyy-MM-dd}）按各村方案预计年底仍低于收入线{projected.Values.Sum()}户", run.Output);
    }

    /// <summary>
    /// The web app's publishing service counts the projections from the plan's data the pages keep (one read for both),
    /// and puts them on the village's latest row when the plan's year has no row yet (a county that has imported only
    /// the baseline year).
    /// </summary>
    [Fact]
    public async Task The_web_apps_recount_of_projections_shares_the_pages_data()
    {
        Assert.SkipWhen(TestDatabase.PostgresConnection is null, "QINGLING_TEST_POSTGRES is not set");
        using var db = new TestDatabase(TestDatabase.Postgres);
        CreatePublication(db);
        var generator = new RegionGenerator(4, 2022, 2, 1);
        var path = Path.Combine(db.Folder, "region.csv");
        ExportFileWriter.Write(path, generator.Generate(300));
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(path, new ImportOptions(2022)).Outcome);
        var county = generator.Profile(0);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").LoadText(File.ReadAllText(Plans.PlanTests.SamplePath)
            .Replace("\"region\": { \"province\": \"云南省\", \"city\": \"临沧市\", \"county\": \"耿马傣族佤族自治县\", \"town\": \"勐永镇\" }",
                $"\"region\": {{ \"province\": \"{county.Province}\", \"city\": \"{county.City}\", \"county\": \"{county.County}\" }}", StringComparison.Ordinal),
            "county.json").Plan;

        var settings = new Qingling.Web.Web.WebSettings();
        using var heavy = new Qingling.Web.Web.HeavyWork(settings);
        using var cache = new Qingling.Web.Web.ProgressCache(heavy, settings);
        var service = new Qingling.Web.Regions.PublishingService(db.Store,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Qingling.Web.Regions.PublishingService>.Instance, cache) { ProjectionsEvery = TimeSpan.Zero };
        await service.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int carrying;
            do
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
                using var c = db.Store.CreateContext();
                carrying = c.PublishedVillages.Count(v => v.FiguresOn != null);
            } while (carrying == 0 && clock.Elapsed < TimeSpan.FromSeconds(60));
            Assert.True(carrying > 0, "the service should have published projections");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
        using (var c = db.Store.CreateContext())
        {
            var figures = Qingling.Data.Database.DataVersion.Both(c).Figures;
            Assert.True(cache.Has(Qingling.Web.Web.PlanContext.DataKey(plan.Key, figures)), "the plan's data should be in the pages' cache");
            Assert.Equal(1, cache.Computed("data"));
            // Only 2022 has rows: the plan's 2023 figures sit on each village's 2022 row, dated in 2023.
            Assert.All(c.PublishedVillages.AsNoTracking().Where(v => v.FiguresOn != null).ToList(), v =>
            {
                Assert.Equal(2022, v.Year);
                Assert.Equal(plan.Year, v.FiguresOn!.Value.Year);
            });
            var tree = RegionQuery.Tree(c);
            var on = c.PublishedVillages.AsNoTracking().Max(v => v.FiguresOn)!.Value;
            Assert.Equal(RegionQuery.ProjectedUnderLine(c, tree, on).Values.Sum(), c.PublishedVillages.AsNoTracking().Sum(v => v.ProjectedUnderLine ?? 0));
        }
    }

    /// <summary>`qingling publish` refuses, in Chinese and with exit 2, where there is nothing to publish or no way to.</summary>
    [Theory, MemberData(nameof(Providers))]
    public void Publish_says_why_it_cannot(string provider)
    {
        using var db = new TestDatabase(provider);
        var run = Support.Cli.Run(db.Folder, ["publish", .. db.CliArguments]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(provider == TestDatabase.Sqlite ? "只有 PostgreSQL 县级库能向省级发布" : "county-publish.sh", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
        if (provider == TestDatabase.Sqlite) return;
        CreatePublication(db);
        run = Support.Cli.Run(db.Folder, ["publish", .. db.CliArguments]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("本库没有户", run.Error);
        // With households: it recounts and says what it wrote.
        var path = Path.Combine(db.Folder, "region.csv");
        ExportFileWriter.Write(path, new RegionGenerator(4, 2022, 2, 1).Generate(100));
        Assert.Equal(0, Support.Cli.Run(db.Folder, ["import", path, "--year", "2022", .. db.CliArguments]).ExitCode);
        run = Support.Cli.Run(db.Folder, ["publish", .. db.CliArguments]);
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"写入0行，删除0行，未变\d+行", run.Output); // the import had already recounted
    }
}
