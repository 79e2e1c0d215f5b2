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

        var again = PublishedFigures.Refresh(c);
        Assert.Equal((0, 0, villages), (again.Written, again.Removed, again.Unchanged));

        // A plan with another line: only villages whose targets move are rewritten, under the new rule.
        var plan = Path.Combine(db.Folder, "plan.json");
        File.WriteAllText(plan, File.ReadAllText(Path.Combine(Repository(), "samples", "mengyong-2023.plan.json"))
            .Replace("\"incomeLine\": 10000", "\"incomeLine\": 12000", StringComparison.Ordinal));
        new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Load(plan);
        var recount = PublishedFigures.Refresh(c);
        Assert.Equal(villages, recount.Written); // the rule travels with every row
        var raised = RegionQuery.Rollup(c, tree, root, 2022, new TargetRule(12_000m));
        Assert.Equal(raised.Total.Figures.TargetHouseholds, c.PublishedVillages.AsNoTracking().Sum(r => r.TargetHouseholds));
        Assert.True(raised.Total.Figures.TargetHouseholds > rollup.Total.Figures.TargetHouseholds);
    }

    static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "samples"))) return dir.FullName;
        throw new InvalidOperationException("samples/ not found above the test assembly");
    }
}
