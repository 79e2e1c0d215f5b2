using System.Text;
using System.Text.RegularExpressions;
using Qingling.Data.Demo;
using Qingling.Tests.Support;

namespace Qingling.Tests.Cli;

/// <summary>
/// Every README example written against the demo database (`--db qingling-demo.db`) runs, in the README's order, on a
/// fresh demo, and says what its comment promises (“11户52人”): an example that fails on the demo is a bug.
/// </summary>
public class ReadmeExamplesTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static readonly string Readme = Path.Combine(Root(), "README.md");

    static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Qingling.slnx"))) return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    /// <summary>The demo examples: each command with its continuation lines joined, and its comment.</summary>
    public static IReadOnlyList<(string Command, string Comment)> Examples()
    {
        var examples = new List<(string, string)>();
        var inBlock = false;
        var pending = new StringBuilder();
        foreach (var raw in File.ReadAllLines(Readme))
        {
            if (raw.StartsWith("```")) { inBlock = raw.StartsWith("```sh"); pending.Clear(); continue; }
            if (!inBlock) continue;
            var line = raw.TrimEnd();
            if (line.EndsWith('\\')) { pending.Append(line[..^1]).Append(' '); continue; }
            var whole = pending.Append(line).ToString().Trim();
            pending.Clear();
            var hash = CommentStart(whole);
            var (command, comment) = hash < 0 ? (whole, "") : (whole[..hash].Trim(), whole[(hash + 1)..].Trim());
            command = command.Replace("dotnet run --project src/Qingling.Web -- ", "qingling ");
            if (command.StartsWith("qingling ") && command.Contains("--db qingling-demo.db") && !command.Contains('>'))
                examples.Add((command, comment));
        }
        return examples;
    }

    /// <summary>Where a shell comment starts: a # outside quotes, after a space.</summary>
    static int CommentStart(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null) { if (c == quote) quote = null; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c == '#' && (i == 0 || line[i - 1] == ' ')) return i;
        }
        return -1;
    }

    static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var any = false;
        foreach (var c in command)
        {
            if (quote is not null) { if (c == quote) quote = null; else word.Append(c); continue; }
            if (c is '"' or '\'') { quote = c; any = true; continue; }
            if (char.IsWhiteSpace(c)) { if (word.Length > 0 || any) words.Add(word.ToString()); word.Clear(); any = false; continue; }
            word.Append(c);
        }
        if (word.Length > 0 || any) words.Add(word.ToString());
        return words;
    }

    [Fact]
    public void The_readme_has_demo_examples_for_the_main_commands()
    {
        var commands = Examples().Select(e => Words(e.Command)[1]).ToHashSet();
        Assert.Superset(new HashSet<string> { "targets", "measures", "review", "screening", "tasks", "quarter" }, commands);
    }

    [Theory, MemberData(nameof(Providers))]
    public void Every_demo_example_in_the_readme_runs_and_says_what_its_comment_promises(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        foreach (var (command, comment) in Examples())
        {
            var words = Words(command).Skip(1).ToList();
            var at = words.IndexOf("--db");
            words.RemoveRange(at, 2);
            var result = Support.Cli.Run(db.Folder, [.. words, .. db.CliArguments]);
            Assert.True(result.ExitCode == 0, $"{command}\n→ exit {result.ExitCode}: {result.Error}{result.Output}");
            // A comment that states households and persons (“11户52人”) is checked against the output.
            if (Regex.Match(comment, @"^(\d+)户(\d+)人") is { Success: true } m)
                Assert.Contains($"{m.Groups[1].Value}户{m.Groups[2].Value}人", result.Output);
            if (Regex.Match(comment, @"^措施#(\d+)") is { Success: true } id)
                Assert.Contains($"措施#{id.Groups[1].Value}", result.Output);
        }
    }
}
