using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Qingling.Data.Import;
using Qingling.Tests.Support;

namespace Qingling.Tests.Import;

/// <summary>
/// kill -9 of the real `qingling import` at varied points of a large import into a register that already
/// holds data: the database still opens, SQLite's integrity check says ok, and the register is as it was
/// before the import or as it is after it, never in between. The points are the importer's own progress
/// lines (--progress), so the test waits on events, not on time. bench/kill-import.sh runs 20 per database.
/// </summary>
public partial class KillDuringImportTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>Kills per database here; bench/kill-import.sh sets 20.</summary>
    static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("QINGLING_KILL_ROUNDS"), out var n) && n > 0 ? n : 5;

    [GeneratedRegex(@"^进度 导入 (\d+)%")]
    private static partial Regex ProgressLine();

    sealed record Counts(int Households, int Members, int Income, int Audit, int Batches);

    static Counts Count(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return new Counts(c.Households.Count(), c.Members.Count(), c.IncomeEntries.Count(), c.AuditEntries.Count(), c.ImportBatches.Count());
    }

    static string IntegrityCheck(TestDatabase db)
    {
        var path = new SqliteConnectionStringBuilder(db.Store.Options.ConnectionString).DataSource;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Starts the import and kills it once it reports <paramref name="percent"/>% (0: as soon as it has started;
    /// above 100: never, it runs to the end). Returns the last percent seen.
    /// </summary>
    static int ImportAndKill(TestDatabase db, string file, int percent)
    {
        using var process = Support.Cli.Start(db.Folder, ["import", file, "--year", "2022", "--progress", .. db.CliArguments]);
        var seen = -1;
        if (percent > 0)
        {
            while (process.StandardError.ReadLine() is { } line)
            {
                if (ProgressLine().Match(line) is not { Success: true } m) continue;
                seen = int.Parse(m.Groups[1].Value);
                if (seen >= percent) break;
            }
        }
        process.Kill(entireProcessTree: true); // SIGKILL: no finally block, no rollback by the process itself
        process.WaitForExit();
        return seen;
    }

    [Theory, MemberData(nameof(Providers))]
    public void Killing_an_import_leaves_the_register_before_or_after_never_between(string provider)
    {
        var first = ExportBuilder.FromTown(60, seed: 41);
        // Same town seed, more households: the first ones are updated, the rest are new (about 4,000 rows).
        var second = ExportBuilder.FromTown(1_000, seed: 41);
        second.SetHousehold(second.Get(0, "户编号"), "联系电话", "13900000000");

        using var twin = new TestDatabase(provider);
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(twin.Store).Run(first.WriteCsv(Path.Combine(twin.Folder, "first.csv")), new ImportOptions(2022)).Outcome);
        var twinFile = second.WriteCsv(Path.Combine(twin.Folder, "second.csv"));
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(twin.Store).Run(twinFile, new ImportOptions(2022)).Outcome);
        var after = Count(twin) with { Audit = -1 };

        using var db = new TestDatabase(provider);
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(first.WriteCsv(Path.Combine(db.Folder, "first.csv")), new ImportOptions(2022)).Outcome);
        var before = Count(db);
        var file = second.WriteCsv(Path.Combine(db.Folder, "second.csv"));

        var kills = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // 0%, then spread over the import, the last one at 100%: after the writing, in the commit.
            var percent = Rounds == 1 ? 50 : round * 100 / (Rounds - 1);
            ImportAndKill(db, file, percent);
            kills++;
            if (provider == TestDatabase.Sqlite) Assert.Equal("ok", IntegrityCheck(db));
            var now = Count(db);
            if (now == before) continue;
            // The audit trail has one entry per change, whatever it is: compare the rest, then it must have grown.
            Assert.Equal(after, now with { Audit = -1 });
            Assert.True(now.Audit > before.Audit);
            break; // committed just before the kill: later rounds would find nothing to do
        }
        Assert.True(kills >= 1);

        // The register takes the import afterwards, whole.
        var finished = Support.Cli.Run(db.Folder, ["import", file, "--year", "2022", .. db.CliArguments]);
        Assert.True(finished.ExitCode == 0, finished.Output + finished.Error);
        Assert.Equal(after, Count(db) with { Audit = -1 });
        if (provider == TestDatabase.Sqlite) Assert.Equal("ok", IntegrityCheck(db));
    }
}
