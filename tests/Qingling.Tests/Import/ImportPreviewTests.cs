using Microsoft.EntityFrameworkCore;
using Qingling.Data.Database;
using Qingling.Data.Import;
using Qingling.Tests.Support;

namespace Qingling.Tests.Import;

/// <summary>
/// An import's preview (a dry run rolled back): the same figures the real import then produces, the first rows of each
/// list by 户编号, 户主 and 组, and nothing written, not a row, not a trace line, not the data version. The CLI's --dry-run prints it.
/// </summary>
public class ImportPreviewTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static ImportResult Run(TestDatabase db, string path, bool dryRun) =>
        new ImportHandler(db.Store).Run(path, new ImportOptions(2022, null, "测试", DryRun: dryRun));

    static (int Households, int Members, int Left, int Income, int Audit, int Batches, long Version) State(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return (c.Households.Count(), c.Members.Count(), c.Members.Count(m => m.LeftOn != null), c.IncomeEntries.Count(), c.AuditEntries.Count(),
            c.ImportBatches.Count(), DataVersion.Current(c));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_dry_run_lists_what_the_import_will_change_and_writes_nothing(string provider)
    {
        using var db = new TestDatabase(provider);
        var s = new PreviewScenario();
        Assert.Equal(ImportOutcome.Imported, Run(db, s.V1.WriteCsv(Path.Combine(db.Folder, "v1.csv")), dryRun: false).Outcome);
        var path = s.V2.WriteCsv(Path.Combine(db.Folder, "v2.csv"));
        var before = State(db);

        var preview = Run(db, path, dryRun: true);
        Assert.True(preview.Outcome == ImportOutcome.Previewed, string.Join("\n", preview.Problems.Kept));
        Assert.Equal(before, State(db));
        var p = preview.Preview!;
        Assert.Equal(before.Version, p.DataVersion);
        Assert.Equal(s.Added.Order(), p.HouseholdsAdded.First.Select(l => l.Code).Order());
        Assert.Contains(p.HouseholdsUpdated.First, l => l.Code == s.Updated);
        Assert.Equal([(s.MovedTo, s.Moved)], p.MembersJoining.First.Select(l => (l.Code, l.Member!)));
        Assert.Equal([(s.LeavingFrom, s.Leaving)], p.MembersLeaving.First.Select(l => (l.Code, l.Member!)));
        Assert.Equal([s.IncomeChanged], p.IncomeChanged.First.Select(l => l.Code));
        // 户主 and 组 as the register will have them: a new household's head is the one in the file.
        var addedHead = s.V2.Get(s.V2.RowsOf(s.Added[0]).First(r => s.V2.Get(r, "与户主关系") == "户主"), "姓名");
        Assert.Equal(addedHead, p.HouseholdsAdded.First.Single(l => l.Code == s.Added[0]).Head);
        Assert.Equal(s.V2.Get(s.V2.RowsOf(s.Added[0]).First(), "村民小组"), p.HouseholdsAdded.First.Single(l => l.Code == s.Added[0]).Group);

        // The real import of the same file on the same data: the same figures.
        var real = Run(db, path, dryRun: false);
        Assert.Equal(ImportOutcome.Imported, real.Outcome);
        var b = real.Batch!;
        Assert.Equal((b.HouseholdsAdded, b.HouseholdsUpdated, b.MembersLeft, b.IncomeHouseholdsChanged),
            (p.HouseholdsAdded.Count, p.HouseholdsUpdated.Count, p.MembersLeaving.Count, p.IncomeChanged.Count));
        using var c = db.Store.CreateContext();
        Assert.Equal(p.MembersJoining.Count, c.Members.AsNoTracking().Count(m => m.JoinedOn != null));
        Assert.True(DataVersion.Current(c) > before.Version);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_dry_run_of_a_bad_file_reports_its_problems_as_the_import_does(string provider)
    {
        using var db = new TestDatabase(provider);
        var s = new PreviewScenario();
        s.V2.Set(1, "劳动技能", "全劳力");
        var before = State(db);
        var result = Run(db, s.V2.WriteCsv(Path.Combine(db.Folder, "bad.csv")), dryRun: true);
        Assert.Equal(ImportOutcome.Refused, result.Outcome);
        Assert.Null(result.Preview);
        Assert.Contains(result.Problems.Kept, x => x.File == "bad.csv" && x.Row == s.V2.FileRow(1) && x.Column == "劳动技能" && x.Value == "全劳力");
        Assert.Equal(before, State(db));
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_CLI_dry_run_prints_the_preview_and_writes_nothing(string provider)
    {
        using var db = new TestDatabase(provider);
        var s = new PreviewScenario();
        Assert.Equal(ImportOutcome.Imported, Run(db, s.V1.WriteCsv(Path.Combine(db.Folder, "v1.csv")), dryRun: false).Outcome);
        var before = State(db);
        var cli = Support.Cli.Run(db.Folder, ["import", s.V2.WriteCsv(Path.Combine(db.Folder, "v2.csv")), "--year", "2022", "--dry-run", .. db.CliArguments]);
        Assert.True(cli.ExitCode == 0, cli.Output + cli.Error);
        Assert.Contains("未写入数据库", cli.Output);
        Assert.Contains("新增户2、更新户1、新加入成员1、离开成员1、收入变动户1", cli.Output);
        Assert.Contains($"{s.LeavingFrom}\t", cli.Output);
        Assert.Contains(s.Leaving, cli.Output);
        Assert.Equal(before, State(db));
    }

    [Fact]
    public void A_CLI_dry_run_on_no_database_leaves_no_database_behind()
    {
        using var db = new TestDatabase(TestDatabase.Sqlite, open: false);
        var s = new PreviewScenario();
        var file = Path.Combine(db.Folder, "fresh.db");
        var cli = Support.Cli.Run(db.Folder, ["import", s.V1.WriteCsv(Path.Combine(db.Folder, "v1.csv")), "--year", "2022", "--dry-run", "--db", file]);
        Assert.True(cli.ExitCode == 0, cli.Output + cli.Error);
        Assert.Contains("新增户12", cli.Output);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + ".key"));
    }

    [Fact]
    public void A_file_without_a_year_is_sent_to_the_CLI_option_on_the_command_line()
    {
        using var db = new TestDatabase(TestDatabase.Sqlite);
        var s = new PreviewScenario();
        var result = new ImportHandler(db.Store).Run(s.V1.WriteCsv(Path.Combine(db.Folder, "v1.csv")), new ImportOptions(null, null, "测试", DryRun: true));
        Assert.Equal(ImportOutcome.Refused, result.Outcome);
        var problem = Assert.Single(result.Problems.Kept, x => x.Column == "年度");
        Assert.Contains("--year", problem.Reason);
    }
}
