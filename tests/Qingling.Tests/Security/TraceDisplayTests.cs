namespace Qingling.Tests.Security;

/// <summary>Trace lines from before the birth-year change hold a full birth date beside the old mask: pages show the year only.</summary>
public class TraceDisplayTests
{
    [Fact]
    public void An_old_trace_line_is_shown_with_the_birth_year_only()
    {
        const string old = """{"姓名":"字明","证件号码":"990000********0013","出生日期":"1961-05-03","劳动技能":"普通劳动力"}""";
        var shown = Qingling.Web.Web.Show.Trace(old)!;
        Assert.DoesNotContain("1961-05-03", shown);
        Assert.Contains("\"出生年份\":\"1961\"", shown);
        Assert.Contains("字明", shown);
        Assert.EndsWith("…", Qingling.Web.Web.Show.Trace(new string('x', 400))!);
        Assert.Null(Qingling.Web.Web.Show.Trace(null));
    }
}
