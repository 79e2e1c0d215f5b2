using Qingling.Tests.Support;

namespace Qingling.Tests.Import;

/// <summary>`qingling import --year` with an impossible year: a Chinese message and exit 1, not a .NET exception (issue 9, finding 11).</summary>
public class ImportYearCliTests
{
    [Theory]
    [InlineData("-1"), InlineData("0"), InlineData("99999")]
    public void An_impossible_year_is_refused_in_Chinese(string year)
    {
        using var db = new TestDatabase(TestDatabase.Sqlite);
        var file = ExportBuilder.FromTown(3).WriteCsv(Path.Combine(db.Folder, "t.csv"));
        var result = Support.Cli.Run(db.Folder, ["import", file, "--year=" + year, .. db.CliArguments]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"值“{year}”：指定的年度应在2013年至", result.Output);
        Assert.DoesNotContain("Exception", result.Output + result.Error);
        Assert.DoesNotContain("   at ", result.Output + result.Error);
    }
}
