using Qingling.Data.Demo;
using Qingling.Tests.Support;

namespace Qingling.Tests.Operations;

/// <summary>The sample files in samples/ that the README's first day points to load as they are, on the demo town.</summary>
public class SampleFileTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static string Samples
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (Directory.Exists(Path.Combine(d.FullName, "samples")) && File.Exists(Path.Combine(d.FullName, "README.md"))) return Path.Combine(d.FullName, "samples");
            throw new DirectoryNotFoundException("samples/");
        }
    }

    static Support.Cli.Result Ok(Support.Cli.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Output}{r.Error}");
        return r;
    }

    [Theory, MemberData(nameof(Providers))]
    public void Each_sample_loads_on_the_demo_town(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        string[] On(params string[] args) => [.. args, .. db.CliArguments];
        int measures, projects;
        using (var c = db.Store.CreateContext()) (measures, projects) = (c.Measures.Count(), c.Projects.Count());

        Assert.Contains("2", Ok(Support.Cli.Run(db.Folder, On("measures", "load", Path.Combine(Samples, "measures.sample.json")))).Output);
        Ok(Support.Cli.Run(db.Folder, On("projects", "load", Path.Combine(Samples, "projects.sample.json"))));
        // The first round of a town gets number 1, which the screening sample refers to.
        Ok(Support.Cli.Run(db.Folder, On("screening", "round", "--village", "勐永社区", "--from", "2023-06-16", "--to", "2023-06-30")));
        Assert.Contains("已载入2条走访记录", Ok(Support.Cli.Run(db.Folder, On("screening", "load", Path.Combine(Samples, "screening.sample.json")))).Output);

        using var after = db.Store.CreateContext();
        Assert.Equal(measures + 2, after.Measures.Count());
        Assert.Equal(projects + 2, after.Projects.Count());
        Assert.Equal(2, after.Visits.Count());
    }
}
