using Npgsql;
using Qingling.Data.Database;

namespace Qingling.Tests.Support;

/// <summary>
/// A fresh, empty database for one test: an SQLite file always; a PostgreSQL database when
/// QINGLING_TEST_POSTGRES holds a connection string (CI sets it). Dropped afterwards.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    readonly string _folder;
    readonly string? _postgresName;
    readonly Store? _store;
    public Store Store => _store ?? throw new InvalidOperationException("this test database was made without opening it");
    /// <summary>How to reach the database, opened or not.</summary>
    public DatabaseOptions Options { get; }
    public string Provider { get; }
    public string KeyFile { get; }
    public string Folder => _folder;

    /// <summary>The providers every data test runs on here.</summary>
    public static TheoryData<string> Providers
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresConnection is not null) data.Add(Postgres);
            return data;
        }
    }

    public static string? PostgresConnection => Environment.GetEnvironmentVariable("QINGLING_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <param name="open">False for an empty database without any schema, for a test that builds an old one.</param>
    public TestDatabase(string provider, bool open = true)
    {
        Provider = provider;
        _folder = Directory.CreateTempSubdirectory("qingling-test-").FullName;
        KeyFile = Path.Combine(_folder, "test.key");
        DatabaseOptions options;
        if (provider == Sqlite) options = DatabaseOptions.SqliteFile(Path.Combine(_folder, "test.db"));
        else
        {
            var admin = PostgresConnection ?? throw new InvalidOperationException("QINGLING_TEST_POSTGRES is not set");
            _postgresName = "qt_" + Guid.NewGuid().ToString("N")[..16];
            Admin($"CREATE DATABASE {_postgresName}");
            options = DatabaseOptions.Postgres(new NpgsqlConnectionStringBuilder(admin) { Database = _postgresName, Pooling = false }.ConnectionString);
        }
        Options = options;
        if (open) _store = Store.Open(options, KeyFile);
    }

    /// <summary>
    /// A database holding the demo town, as <c>DemoLoader.Load</c> leaves it. The demo is loaded once per provider per
    /// test run into a template and copied for each test (a file copy on SQLite, CREATE DATABASE … TEMPLATE on
    /// PostgreSQL), with its key file: loading it through the import path for each of ~200 tests took a quarter of
    /// the suite's time. The demo loader itself is still run, for the template and by the CLI tests of <c>demo</c>.
    /// </summary>
    public static TestDatabase WithDemo(string provider) => new(provider, DemoTemplates.GetOrAdd(provider, p => new Lazy<TestDatabase>(() => BuildTemplate(p))).Value);

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<TestDatabase>> DemoTemplates = new();
    static readonly object TemplateCopy = new();

    static TestDatabase BuildTemplate(string provider)
    {
        var template = new TestDatabase(provider);
        Qingling.Data.Demo.DemoLoader.Load(template.Store);
        if (provider == Sqlite)
        {
            // Everything into the main file, so that copying it alone copies the database.
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(template.Options.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.Dispose();
        return template;
    }

    TestDatabase(string provider, TestDatabase template)
    {
        Provider = provider;
        _folder = Directory.CreateTempSubdirectory("qingling-test-").FullName;
        KeyFile = Path.Combine(_folder, "test.key");
        File.Copy(template.KeyFile, KeyFile);
        if (provider == Sqlite)
        {
            var file = Path.Combine(_folder, "test.db");
            File.Copy(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(template.Options.ConnectionString).DataSource, file);
            Options = DatabaseOptions.SqliteFile(file);
        }
        else
        {
            _postgresName = "qt_" + Guid.NewGuid().ToString("N")[..16];
            // One copy at a time: PostgreSQL refuses a template that another session is copying from.
            lock (TemplateCopy) Admin($"CREATE DATABASE {_postgresName} TEMPLATE {template._postgresName}");
            Options = DatabaseOptions.Postgres(new NpgsqlConnectionStringBuilder(PostgresConnection!) { Database = _postgresName, Pooling = false }.ConnectionString);
        }
        _store = Store.Open(Options, KeyFile);
    }

    /// <summary>The options a CLI call needs to reach this database.</summary>
    public string[] CliArguments => Provider == Sqlite
        ? ["--db", new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Options.ConnectionString).DataSource, "--key-file", KeyFile]
        : ["--connection", Options.ConnectionString, "--key-file", KeyFile];

    static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnection!) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            try { Admin($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)"); } catch (NpgsqlException) { /* left for the next CI machine */ }
        }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
