using Microsoft.EntityFrameworkCore;
using Qingling.Core.Import;
using Qingling.Data.Import;
using Qingling.Tests.Support;
using Sylvan.Data.Csv;

namespace Qingling.Tests.Import;

/// <summary>
/// The bad-input corpus (tests/corpus/bad, written by tests/corpus/generate.py): every file is refused, the
/// problem names the file, row and column the manifest gives, nothing is written to a register that already
/// holds data, and no exception escapes. On SQLite and PostgreSQL.
/// </summary>
public class BadInputCorpusTests(BadInputCorpusTests.Registers registers) : IClassFixture<BadInputCorpusTests.Registers>
{
    public sealed record Expected(string File, int Row, string Column, string Message);

    public static string Folder { get; } = FindCorpus();

    static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var corpus = Path.Combine(dir.FullName, "tests", "corpus");
            if (File.Exists(Path.Combine(corpus, "bad", "manifest.csv"))) return corpus;
        }
        throw new DirectoryNotFoundException("tests/corpus/bad/manifest.csv not found above " + AppContext.BaseDirectory);
    }

    public static IReadOnlyList<Expected> Manifest { get; } = ReadManifest();

    static List<Expected> ReadManifest()
    {
        using var csv = CsvDataReader.Create(Path.Combine(Folder, "bad", "manifest.csv"));
        var list = new List<Expected>();
        while (csv.Read()) list.Add(new Expected(csv.GetString(0), int.Parse(csv.GetString(1)), csv.GetString(2), csv.GetString(3)));
        return list;
    }

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var provider in TestDatabase.Providers)
                foreach (var e in Manifest) data.Add(provider.Data, e.File);
            return data;
        }
    }

    /// <summary>One register per database, filled with the corpus's good file before the first bad one.</summary>
    public sealed class Registers : IDisposable
    {
        readonly Dictionary<string, TestDatabase> _databases = [];

        public TestDatabase For(string provider)
        {
            if (_databases.TryGetValue(provider, out var db)) return db;
            db = new TestDatabase(provider);
            var good = new ImportHandler(db.Store).Run(Path.Combine(Folder, "good.csv"), new ImportOptions(Actor: "测试"));
            Assert.True(good.Outcome == ImportOutcome.Imported, string.Join("\n", good.Problems.Kept));
            _databases[provider] = db;
            return db;
        }

        public void Dispose()
        {
            foreach (var db in _databases.Values) db.Dispose();
        }
    }

    static (int, int, int, int, int, int) Counts(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return (c.Households.Count(), c.Members.Count(), c.IncomeEntries.Count(), c.AuditEntries.Count(), c.ImportBatches.Count(), c.Regions.Count());
    }

    [Fact]
    public void The_corpus_has_at_least_60_files_each_in_the_manifest()
    {
        var files = Directory.GetFiles(Path.Combine(Folder, "bad")).Select(f => Path.GetFileName(f)).Where(f => f != "manifest.csv").Order().ToList();
        Assert.True(files.Count >= 60, $"{files.Count} files");
        Assert.Equal(files, Manifest.Select(e => e.File).Order().ToList());
    }

    [Theory, MemberData(nameof(Cases))]
    public void Each_bad_file_is_refused_where_the_manifest_says_and_writes_nothing(string provider, string file)
    {
        var expected = Manifest.Single(e => e.File == file);
        var db = registers.For(provider);
        var before = Counts(db);
        Assert.True(before.Item1 > 0, "the register already holds data");

        var result = new ImportHandler(db.Store).Run(Path.Combine(Folder, "bad", file), new ImportOptions(Actor: "测试"));

        Assert.Equal(ImportOutcome.Refused, result.Outcome);
        var errors = result.Problems.Kept.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, p => Assert.Equal(file, p.File));
        Assert.True(errors.Any(p => p.Row == expected.Row && p.Column == expected.Column && p.Reason.Contains(expected.Message)),
            $"expected row {expected.Row} [{expected.Column}] “{expected.Message}”, got:\n" + string.Join("\n", errors));
        // Every message is in Chinese: no .NET exception text reaches the user.
        Assert.All(errors, p => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", p.Reason));
        Assert.Equal(before, Counts(db));
    }
}
