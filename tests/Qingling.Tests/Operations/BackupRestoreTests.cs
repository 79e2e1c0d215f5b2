using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Indicators;
using Qingling.Data.Database;
using Qingling.Data.Demo;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Data.Queries;
using Qingling.Tests.Support;

namespace Qingling.Tests.Operations;

/// <summary>
/// `qingling backup` and `restore` on the demo town: the restored file gives every figure and the whole trace the
/// original gives, and restore refuses what would lose or scramble data.
/// </summary>
public class BackupRestoreTests
{
    static void Ok(Support.Cli.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Output}{r.Error}");

    static void Refused(Support.Cli.Result r, string fragment)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}, expected 2: {r.Output}{r.Error}");
        Assert.Contains(fragment, r.Error);
        Assert.DoesNotContain("   at ", r.Error);
        Assert.DoesNotContain("Exception", r.Error);
    }

    static void OwnerOnly(string file)
    {
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    /// <summary>Everything the town reads off its database, as one comparable text.</summary>
    static string Figures(Store store)
    {
        using var c = store.CreateContext();
        var plan = new PlanHandler(store, "测试").Get("mengyong-2023");
        var json = new JsonSerializerOptions { WriteIndented = false };
        return string.Join("\n",
            JsonSerializer.Serialize(IncomeQuery.ForYear(c, 2022), json),
            JsonSerializer.Serialize(IncomeQuery.ForYear(c, 2023), json),
            JsonSerializer.Serialize(IncomeQuery.Targets(c, 2022, plan.TargetRule), json),
            JsonSerializer.Serialize(IncomeQuery.Targets(c, 2023, plan.TargetRule), json),
            JsonSerializer.Serialize(IndicatorCalculator.Compute(ProgressQuery.Build(c, plan, DemoPlan.AsOf)), json));
    }

    static string Trace(Store store)
    {
        using var c = store.CreateContext();
        return JsonSerializer.Serialize(c.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToList());
    }

    [Fact]
    public void A_backup_taken_while_the_database_is_read_restores_every_figure_and_the_trace()
    {
        using var db = TestDatabase.WithDemo(TestDatabase.Sqlite);
        var original = Figures(db.Store);
        var trace = Trace(db.Store);
        int auditCount;
        using (var c = db.Store.CreateContext()) auditCount = c.AuditEntries.Count();
        Assert.True(auditCount > 10, $"the demo has a trace ({auditCount})");
        var dbFile = db.CliArguments[1];
        var backup = Path.Combine(db.Folder, "backup", "qingling-2023-06-30.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);

        // Another connection holds a read transaction during the whole backup, as the web application would.
        using (var reader = new SqliteConnection($"Data Source={dbFile};Pooling=False"))
        {
            reader.Open();
            using var tx = reader.BeginTransaction();
            using var count = reader.CreateCommand();
            count.Transaction = tx;
            count.CommandText = "SELECT count(*) FROM audit_entries";
            Assert.Equal(auditCount, Convert.ToInt32(count.ExecuteScalar()));
            var r = Support.Cli.Run(db.Folder, ["backup", "--out", backup, .. db.CliArguments]);
            Ok(r);
            Assert.Contains("已备份", r.Output);
            Assert.Contains($"密钥文件不在备份中：{db.KeyFile}", r.Output);
            Assert.Equal(auditCount, Convert.ToInt32(count.ExecuteScalar()));
            tx.Commit();
        }
        OwnerOnly(backup);
        Assert.False(File.Exists(backup + "-wal"), "the backup is one self-contained file");
        var key = File.ReadAllText(db.KeyFile).Trim();
        Assert.DoesNotContain(key, File.ReadAllText(backup, System.Text.Encoding.Latin1));
        // No second backup over the first.
        Refused(Support.Cli.Run(db.Folder, ["backup", "--out", backup, .. db.CliArguments]), "备份文件已存在");

        var restored = Path.Combine(db.Folder, "restored", "qingling.db");
        Directory.CreateDirectory(Path.GetDirectoryName(restored)!);
        // Without the key the backup is not restored: the key file beside the new file does not exist.
        Refused(Support.Cli.Run(db.Folder, "restore", "--from", backup, "--db", restored), "找不到密钥文件");
        Assert.False(File.Exists(restored));
        // A different key is refused.
        var otherKey = Path.Combine(db.Folder, "other.key");
        File.WriteAllText(otherKey, Convert.ToBase64String(new byte[32]) + "\n");
        Refused(Support.Cli.Run(db.Folder, "restore", "--from", backup, "--db", restored, "--key-file", otherKey), "不匹配");
        Assert.False(File.Exists(restored));
        // A file that is not a Qingling database is refused.
        var notQingling = Path.Combine(db.Folder, "other.db");
        using (var other = new SqliteConnection($"Data Source={notQingling};Pooling=False"))
        {
            other.Open();
            using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE t (x INTEGER)";
            create.ExecuteNonQuery();
        }
        Refused(Support.Cli.Run(db.Folder, "restore", "--from", notQingling, "--db", restored, "--key-file", db.KeyFile), "不是清零数据库的备份");
        File.WriteAllText(Path.Combine(db.Folder, "text.db"), "not a database at all, just text that is long enough to be read as a header");
        Refused(Support.Cli.Run(db.Folder, "restore", "--from", Path.Combine(db.Folder, "text.db"), "--db", restored, "--key-file", db.KeyFile), "不是 SQLite 数据库文件");

        var done = Support.Cli.Run(db.Folder, "restore", "--from", backup, "--db", restored, "--key-file", db.KeyFile);
        Ok(done);
        Assert.Contains("已恢复", done.Output);
        OwnerOnly(restored);

        // An existing database is not overwritten without --replace.
        Refused(Support.Cli.Run(db.Folder, "restore", "--from", backup, "--db", dbFile, "--key-file", db.KeyFile), "目标数据库已存在");

        var again = Store.Open(DatabaseOptions.SqliteFile(restored), db.KeyFile);
        Assert.Equal(original, Figures(again));
        Assert.Equal(trace, Trace(again));
    }

    [Fact]
    public void Replace_overwrites_a_changed_database_with_the_backup()
    {
        using var db = TestDatabase.WithDemo(TestDatabase.Sqlite);
        var trace = Trace(db.Store);
        var backup = Path.Combine(db.Folder, "before.db");
        Ok(Support.Cli.Run(db.Folder, ["backup", "--out", backup, .. db.CliArguments]));
        // A change after the backup (here: a new user, which writes the trace).
        new Qingling.Web.Users.UserHandler(db.Store, "测试").Add("later", "后来的", Core.Users.Role.Leader, "Qianyi2023kx", null, null, false);
        Assert.NotEqual(trace, Trace(db.Store));

        Ok(Support.Cli.Run(db.Folder, ["restore", "--from", backup, "--replace", .. db.CliArguments]));
        var back = Store.Open(db.Store.Options, db.KeyFile);
        Assert.Equal(trace, Trace(back));
        using var c = back.CreateContext();
        Assert.DoesNotContain(c.Users, u => u.UserName == "later");
    }

    [Fact]
    public void PostgreSQL_gets_pg_dump_guidance_and_a_non_zero_exit()
    {
        Assert.SkipWhen(TestDatabase.PostgresConnection is null, "QINGLING_TEST_POSTGRES is not set");
        using var db = new TestDatabase(TestDatabase.Postgres);
        var r = Support.Cli.Run(db.Folder, ["backup", "--out", Path.Combine(db.Folder, "x.dump"), .. db.CliArguments]);
        Refused(r, "pg_dump -Fc");
        Assert.DoesNotContain("Password", r.Error);
        Refused(Support.Cli.Run(db.Folder, ["restore", "--from", "x.dump", .. db.CliArguments]), "pg_restore");
    }
}
