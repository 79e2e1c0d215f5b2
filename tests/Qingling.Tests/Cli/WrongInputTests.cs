using Qingling.Data.Database;
using Qingling.Data.Demo;
using Qingling.Tests.Support;

namespace Qingling.Tests.Cli;

/// <summary>
/// Every wrong input on the command line gets a Chinese message and a non-zero exit: 1 when the question has no data,
/// 2 for a wrong call or an unreachable database. Never a stack trace, an English parser message or an invented result.
/// </summary>
public class WrongInputTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static void Refused(Support.Cli.Result r, int exit, string fragment)
    {
        Assert.True(r.ExitCode == exit, $"exit {r.ExitCode}, expected {exit}: {r.Output}{r.Error}");
        Assert.Contains(fragment, r.Error + r.Output);
        Assert.DoesNotContain("   at ", r.Error);
        Assert.DoesNotContain("Exception", r.Error);
        Assert.DoesNotMatch("Cannot parse|Unrecognized|Required option|un-representable", r.Error);
    }

    [Theory, MemberData(nameof(Providers))]
    public void Years_names_and_dates_that_do_not_exist_are_refused(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        string[] On(params string[] args) => [.. args, .. db.CliArguments];

        Refused(Support.Cli.Run(db.Folder, On("targets", "--year", "2030")), 1, "2030年没有收入数据");
        Refused(Support.Cli.Run(db.Folder, On("income", "--year", "2021")), 1, "有收入数据的年度：2022、2023");
        Refused(Support.Cli.Run(db.Folder, On("targets", "--year", "1999")), 2, "--year 应为2000到2100之间的年份");
        Refused(Support.Cli.Run(db.Folder, On("targets", "--year", "0")), 2, "--year 应为");
        Refused(Support.Cli.Run(db.Folder, On("income", "--year", "abc")), 2, "应为整数");
        Refused(Support.Cli.Run(db.Folder, On("quarter", "--year", "2030", "--quarter", "1")), 1, "是2023年的方案");
        Refused(Support.Cli.Run(db.Folder, On("targets", "--year", "2022", "--village", "芒来")), 2, "已有：");
        Refused(Support.Cli.Run(db.Folder, On("measures", "list", "--department", "不存在的单位")), 2, "责任单位有：");
        Refused(Support.Cli.Run(db.Folder, On("review")), 2, "缺少必填选项 --date");
        Refused(Support.Cli.Run(db.Folder, On("tasks", "add", "--title", "x")), 2, "--due");
        Refused(Support.Cli.Run(db.Folder, On("progress", "--date", "2023-02-30")), 2, "应为日期");
        Refused(Support.Cli.Run(db.Folder, On("review", "--date", "2023-06-30", "--format", "csv")), 2, "本命令可用：table、json");
        Refused(Support.Cli.Run(db.Folder, On("user", "add", "--name", "bumen9", "--role", "department", "--department", "镇不存在服务中心", "--password", "Qingling2023bumen")), 2, "没有责任单位");

        var loadFile = Path.Combine(db.Folder, "measures.json");
        File.WriteAllText(loadFile, "{\"households\": 5}");
        var load = Support.Cli.Run(db.Folder, On("measures", "load", loadFile));
        Refused(load, 2, "measures.json 第1行");
        Assert.DoesNotContain("List`1", load.Error);

        // The right questions still answer.
        Assert.Equal(0, Support.Cli.Run(db.Folder, On("targets", "--year", "2022")).ExitCode);
    }

    [Fact]
    public void A_missing_or_wrong_database_is_refused_and_nothing_is_created()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-cli-").FullName;
        try
        {
            var typo = Path.Combine(folder, "qinling.db");
            Refused(Support.Cli.Run(folder, "targets", "--year", "2022", "--db", typo), 2, $"数据库文件不存在：{typo}");
            Refused(Support.Cli.Run(folder, "user", "list", "--db", typo), 2, "数据库文件不存在");
            Refused(Support.Cli.Run(folder, "income", "--year", "2022", "--db", Path.Combine(folder, "nofolder", "x.db")), 2, "文件夹不存在");
            var notDb = Path.Combine(folder, "notes.txt");
            File.WriteAllText(notDb, "这不是数据库，只是一段足够长的文字，用来占满 SQLite 文件头应在的位置。这不是数据库。");
            Refused(Support.Cli.Run(folder, "income", "--year", "2022", "--db", notDb, "--key-file", Path.Combine(folder, "k.key")), 2, "不是清零数据库");
            Refused(Support.Cli.Run(folder, "import", Path.Combine(folder, "none.csv"), "--year", "2022", "--db", typo), 2, "找不到要导入的文件");
            var bad = Path.Combine(folder, "bad.csv");
            File.WriteAllText(bad, "a,b\n1,2\n");
            Assert.Equal(1, Support.Cli.Run(folder, "import", bad, "--year", "2022", "--db", typo).ExitCode);
            Assert.DoesNotContain(Directory.GetFiles(folder), f => f.StartsWith(typo));

            Refused(Support.Cli.Run(folder, "income", "--year", "2022", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=3"), 2, "无法连接 PostgreSQL");
            Refused(Support.Cli.Run(folder, "serve", "--urls", "notaurl", "--db", typo), 2, "监听地址“notaurl”无效");
            Refused(Support.Cli.Run(folder, "incom", "--year", "2022"), 2, "无法识别");
            Refused(Support.Cli.Run(folder, "plan", "show", "--db", typo), 2, "缺少必填参数");
            // `generate` writes a file only: its help offers no database options it would ignore.
            var help = Support.Cli.Run(folder, "generate", "--help");
            Assert.DoesNotContain("--db", help.Output);
            Assert.Contains("--households", help.Output);

            var init = Support.Cli.Run(folder, "init", "--db", typo);
            Assert.True(init.ExitCode == 0, init.Error);
            Assert.True(File.Exists(typo));
            Refused(Support.Cli.Run(folder, "init", "--db", typo), 2, "已存在");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_wrong_postgres_password_is_one_chinese_line(string provider)
    {
        if (provider != TestDatabase.Postgres) return;
        var b = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.PostgresConnection) { Password = "wrong-password" };
        var folder = Directory.CreateTempSubdirectory("qingling-cli-").FullName;
        Refused(Support.Cli.Run(folder, "income", "--year", "2022", "--connection", b.ConnectionString, "--key-file", Path.Combine(folder, "k.key")), 2, "用户名或密码错误");
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// A statement cancelled by the command timeout reached the server: it says so (and how to allow more), not "cannot
    /// connect". Without a Command Timeout in the connection string a statement may run 600 seconds (Npgsql's own 30 cut
    /// a province's roll-up off mid-way); one the string sets is kept.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public void A_statement_past_the_command_timeout_says_so_in_chinese(string provider)
    {
        Assert.Contains("Command Timeout=600", DatabaseOptions.Postgres("Host=127.0.0.1;Database=x").ConnectionString);
        Assert.Equal("Host=127.0.0.1;Database=x;Command Timeout=0", DatabaseOptions.Postgres("Host=127.0.0.1;Database=x;Command Timeout=0").ConnectionString);
        if (provider != TestDatabase.Postgres) return;
        using var db = TestDatabase.WithDemo(provider);
        // Another session holds the households: the command's read waits for it until its one second is up.
        using var blocker = new Npgsql.NpgsqlConnection(db.Options.ConnectionString);
        blocker.Open();
        using var hold = blocker.BeginTransaction();
        using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE households IN ACCESS EXCLUSIVE MODE", blocker, hold)) lockTable.ExecuteNonQuery();
        var oneSecond = new Npgsql.NpgsqlConnectionStringBuilder(db.Options.ConnectionString) { CommandTimeout = 1 }.ConnectionString;
        var r = Support.Cli.Run(db.Folder, "targets", "--year", "2022", "--connection", oneSecond, "--key-file", db.KeyFile);
        Assert.True(r.ExitCode != 0, r.Output);
        Assert.Contains("查询超时", r.Error);
        Assert.DoesNotContain("无法连接", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }
}
