using Qingling.Data.Export;

namespace Qingling.Tests.Export;

/// <summary>Every CSV the system writes neutralises formulas (OWASP) and keeps numbers as numbers.</summary>
public class CsvTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"点我\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+86 138", "'+86 138")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("-", "'-")]
    [InlineData("-1.", "'-1.")]
    public void A_cell_that_would_start_a_formula_is_made_text(string cell, string written) => Assert.Equal(written, CsvText.Escape(cell));

    [Theory]
    [InlineData("-1234.50")]
    [InlineData("-5")]
    [InlineData("0.00")]
    [InlineData("990000199001010013")]
    [InlineData("芒来村")]
    [InlineData("")]
    public void Numbers_and_plain_text_are_written_as_they_are(string cell) => Assert.Equal(cell, CsvText.Escape(cell));

    [Fact]
    public void Quoting_still_follows_RFC_4180() => Assert.Equal("\"a,\"\"b\"\"\"", CsvText.Escape("a,\"b\""));

    [Fact]
    public void The_CLI_writes_its_csv_through_it()
    {
        var to = new StringWriter();
        Qingling.Web.Cli.Output.Write<(string Name, decimal Gap)>([("=cmd|' /C calc'!A0", -1234.5m)],
            [new("name", "名称", r => r.Name), new("gap", "差距", r => r.Gap)], Qingling.Web.Cli.OutputFormat.Csv, to);
        Assert.Equal("name,gap\n'=cmd|' /C calc'!A0,-1234.50\n", to.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_import_problem_list_writes_its_csv_through_it()
    {
        var problems = new Qingling.Core.Import.ProblemList();
        problems.Add(new Qingling.Core.Import.ImportProblem("a.csv", 3, "户主姓名", "=1+1", "测试原因"));
        var path = Qingling.Web.Web.ProblemFiles.Path(Qingling.Web.Web.ProblemFiles.Save(problems))!;
        Assert.Contains("'=1+1", File.ReadAllText(path));
    }
}
