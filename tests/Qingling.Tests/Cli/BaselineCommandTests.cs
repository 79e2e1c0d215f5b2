using System.Text.Json;
using Qingling.Tests.Support;

namespace Qingling.Tests.Cli;

/// <summary>`plan baseline` and the populations in `progress`, on the demo town.</summary>
public class BaselineCommandTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void The_demo_baseline_is_frozen_matches_the_plans_11_households_52_people_and_refreezing_needs_replace(string provider)
    {
        using var db = new TestDatabase(provider);
        string[] on = db.CliArguments;
        Assert.Equal(0, Support.Cli.Run(db.Folder, ["demo", .. on]).ExitCode);

        var show = Support.Cli.Run(db.Folder, ["plan", "baseline", "show", "--plan", "mengyong-2023", .. on]);
        Assert.True(show.ExitCode == 0, show.Error);
        Assert.Contains("11户52人", show.Output);
        Assert.Contains("冻结", show.Output);
        Assert.Contains("核对：一致", show.Output);

        var again = Support.Cli.Run(db.Folder, ["plan", "baseline", "freeze", .. on]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--replace", again.Error);
        var replaced = Support.Cli.Run(db.Folder, ["plan", "baseline", "freeze", "--replace", .. on]);
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.Contains("11户52人", replaced.Output);

        var progress = Support.Cli.Run(db.Folder, ["progress", "--date", "2023-06-30", .. on]);
        Assert.Contains("统计对象", progress.Output);
        Assert.Contains("不愿意养牛", progress.Output);
        var json = JsonDocument.Parse(Support.Cli.Run(db.Folder, ["progress", "--date", "2023-06-30", "--format", "json", .. on]).Output).RootElement;
        var coverage = json.EnumerateArray().Single(e => e.GetProperty("key").GetString() == "industry-coverage");
        Assert.Equal("清零对象中有条件、有意愿的户", coverage.GetProperty("population").GetString());
        Assert.Equal(1m, coverage.GetProperty("value").GetDecimal());
        Assert.Contains(json.EnumerateArray(), e => e.GetProperty("key").GetString() == "no-return-to-poverty");
        Assert.Contains(json.EnumerateArray(), e => e.GetProperty("key").GetString() == "zero-employment");
    }
}
