using System.CommandLine;
using Qingling.Data.Database;

namespace Qingling.Web.Cli;

/// <summary>Options every data command takes: which database, and the key file that protects its ID numbers.</summary>
public static class CommonOptions
{
    public const string DefaultDatabase = "qingling.db";

    public static readonly Option<string?> Db = new("--db")
    {
        Description = $"SQLite 数据库文件（默认 {DefaultDatabase}）",
        Recursive = true,
    };

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "PostgreSQL 连接字符串（县、市、省级部署）；也可用环境变量 QINGLING_CONNECTION",
        Recursive = true,
    };

    public static readonly Option<string?> KeyFile = new("--key-file")
    {
        Description = "加密证件号码的密钥文件（默认：SQLite 文件旁的 .key 文件；PostgreSQL 为 ~/.config/qingling/qingling.key）",
        Recursive = true,
    };

    public static DatabaseOptions Database(ParseResult parse, string? defaultFile = null)
    {
        var connection = parse.GetValue(Connection) ?? Environment.GetEnvironmentVariable("QINGLING_CONNECTION");
        var file = parse.GetValue(Db);
        if (connection is { Length: > 0 })
        {
            if (file is not null) throw new UsageException("--db 与 --connection 只能指定一个");
            return DatabaseOptions.Postgres(connection);
        }
        // The configuration file is the lowest layer; never for the demo, whose file must not become the town's database.
        if (file is null && defaultFile is null && ConfigDatabase() is { } configured) return configured;
        return DatabaseOptions.SqliteFile(file ?? defaultFile ?? DefaultDatabase);
    }

    /// <summary>
    /// Opens the database. Only <c>init</c>, <c>demo</c> and a first <c>import</c> pass <paramref name="create"/>: any other
    /// command given a file that is not there refuses, naming the full path, instead of answering from an empty new database.
    /// </summary>
    /// <param name="serving">For <c>serve</c>: SQLite connections are pooled (<see cref="DatabaseOptions.Pooled"/>).</param>
    public static Store Open(ParseResult parse, string? defaultFile = null, bool create = false, bool serving = false)
    {
        var options = Database(parse, defaultFile);
        RequireFile(options, create);
        var keyFile = KeyFilePath(parse, options);
        return Store.Open(serving ? options.Pooled() : options, keyFile);
    }

    /// <summary>Refuses an SQLite file that is not there (unless <paramref name="create"/>), naming its full path.</summary>
    public static void RequireFile(DatabaseOptions options, bool create = false)
    {
        if (options.Provider != DatabaseProvider.Sqlite) return;
        var file = SqliteFile(options);
        var folder = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(folder)) throw new UsageException($"数据库所在的文件夹不存在：{folder}");
        if (!File.Exists(file) && !create)
            throw new UsageException($"数据库文件不存在：{file}。新建数据库请运行 qingling init --db {file}（演示库用 qingling demo）；若是路径写错，请检查 --db。");
    }

    /// <summary>
    /// The key file this call uses: --key-file, else QINGLING_KEY_FILE, else the configuration file's KeyFile when the
    /// database is the configuration file's (a key belongs to its database), else the default beside the database.
    /// </summary>
    public static string KeyFilePath(ParseResult parse, DatabaseOptions options) =>
        Path.GetFullPath(parse.GetValue(KeyFile)
            ?? (Environment.GetEnvironmentVariable("QINGLING_KEY_FILE") is { Length: > 0 } env ? env : null)
            ?? (ConfigFile.Current.KeyFile is { } configured && options == ConfigDatabase() ? configured : null)
            ?? Store.DefaultKeyFile(options));

    static DatabaseOptions? ConfigDatabase()
    {
        var config = ConfigFile.Current;
        if (config.Connection is { } connection) return DatabaseOptions.Postgres(connection);
        return config.Database is { } file ? DatabaseOptions.SqliteFile(file) : null;
    }

    public static string SqliteFile(DatabaseOptions options) => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;

    public static readonly Option<string?> Plan = new("--plan")
    {
        Description = "方案标识（只有一个方案时可省略）",
        Recursive = true,
    };

    /// <summary>The database and the plan named by --plan (or the only, or latest, plan).</summary>
    public static (Store Store, Core.Plans.PlanDefinition Plan) OpenPlan(ParseResult parse)
    {
        var store = Open(parse);
        return (store, new Data.Plans.PlanHandler(store, Actor).Get(parse.GetValue(Plan)));
    }

    /// <summary>Who is acting, for the trace: the signed-in OS user on the command line.</summary>
    public static string Actor => $"命令行:{Environment.UserName}";
}

/// <summary>A mistake in how a command was called; printed without a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
