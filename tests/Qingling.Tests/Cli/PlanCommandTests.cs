using System.Text.Json;
using Qingling.Tests.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Cli;

/// <summary>Plan, measures, projects and progress on the command line, against the demo town.</summary>
public class PlanCommandTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void A_user_loads_the_plan_moves_a_measure_and_reads_the_indicators(string provider)
    {
        using var db = new TestDatabase(provider);
        string[] on = db.CliArguments;
        Assert.Equal(0, Support.Cli.Run(db.Folder, ["demo", .. on]).ExitCode);

        var load = Support.Cli.Run(db.Folder, ["plan", "load", PlanTests.SamplePath, .. on]);
        Assert.True(load.ExitCode == 0, load.Error);
        var list = Support.Cli.Run(db.Folder, ["plan", "list", "--format", "csv", .. on]);
        Assert.Contains("mengyong-2023", list.Output);
        var show = Support.Cli.Run(db.Folder, ["plan", "show", "mengyong-2023", .. on]);
        Assert.Contains("勐永信用社", show.Output);
        Assert.Contains("不低于15.88%", show.Output);

        var bad = Path.Combine(db.Folder, "bad.plan.json");
        File.WriteAllText(bad, File.ReadAllText(PlanTests.SamplePath).Replace("\"key\": \"finance\"", "\"key\": \"lottery\""));
        var refused = Support.Cli.Run(db.Folder, ["plan", "load", bad, .. on]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("未知的增收渠道“lottery”", refused.Error);

        var planned = JsonDocument.Parse(Support.Cli.Run(db.Folder, ["measures", "list", "--status", "planned", "--format", "json", .. on]).Output).RootElement;
        var loan = planned.EnumerateArray().First(m => m.GetProperty("channel").GetString() == "finance");
        var id = loan.GetProperty("id").GetInt64().ToString();
        var before = Progress(db, "2023-06-30");
        Assert.Equal(1m, before["microcredit-households"]);

        var moved = Support.Cli.Run(db.Folder, ["measures", "update", id, "--status", "under-way", "--date", "2023-06-20", "--evidence", "借款合同", .. on]);
        Assert.True(moved.ExitCode == 0, moved.Error);
        var after = Progress(db, "2023-06-30");
        Assert.Equal(2m, after["microcredit-households"]);
        Assert.Equal(50_000m, after["microcredit-amount"]);
        Assert.Equal(1m, Progress(db, "2023-06-19")["microcredit-households"]);

        var household = loan.GetProperty("householdCode").GetString()!;
        var refusedLoan = Support.Cli.Run(db.Folder, ["measures", "add", "--household", household, "--channel", "finance", "--description", "再贷6万",
            "--department", "勐永信用社", "--member", loan.GetProperty("member").GetString()!, "--consent-date", "2023-06-01", "--consent-how", "户主签字",
            "--details", "{\"financeKind\":\"小额信贷\",\"loanAmount\":60000}", .. on]);
        Assert.Equal(2, refusedLoan.ExitCode);
        Assert.Contains("不超过50000元", refusedLoan.Error);

        var table = Support.Cli.Run(db.Folder, ["progress", "--date", "2023-06-30", "--by", "village", .. on]);
        Assert.Contains("勐永社区", table.Output);
        var projects = Support.Cli.Run(db.Folder, ["projects", "list", .. on]);
        Assert.Contains("= 47.6%", projects.Output);
    }

    static Dictionary<string, decimal?> Progress(TestDatabase db, string date)
    {
        var r = Support.Cli.Run(db.Folder, ["progress", "--date", date, "--format", "json", .. db.CliArguments]);
        Assert.True(r.ExitCode == 0, r.Error);
        return JsonDocument.Parse(r.Output).RootElement.EnumerateArray()
            .ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").ValueKind == JsonValueKind.Null ? null : (decimal?)e.GetProperty("value").GetDecimal());
    }
}
