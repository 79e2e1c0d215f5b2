using Microsoft.EntityFrameworkCore;

namespace Qingling.Data.Database;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Which database to open: an SQLite file for one township, PostgreSQL for a county or province.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseOptions SqliteFile(string path) =>
        new(DatabaseProvider.Sqlite, $"Data Source={Path.GetFullPath(path)};Pooling=False");

    public static DatabaseOptions Postgres(string connectionString) => new(DatabaseProvider.Postgres, connectionString);

    /// <summary>For messages: the file, or the server and database without the password.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite) return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
        var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }

    static readonly DataVersionInterceptor Interceptor = new();
    static readonly Audit.SealInterceptor Seals = new();

    public QinglingDbContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<QinglingDbContext>();
        if (Provider == DatabaseProvider.Sqlite)
            builder.UseSqlite(ConnectionString, o => o.MigrationsAssembly("Qingling.Migrations.Sqlite"));
        else
            builder.UseNpgsql(ConnectionString, o => o.MigrationsAssembly("Qingling.Migrations.Postgres"));
        builder.UseSnakeCaseNamingConvention();
        // Seals first: the data version's bump stays the last statement before commit.
        builder.AddInterceptors(Seals, Interceptor);
        return new QinglingDbContext(builder.Options) { DigestKey = Audit.DigestKeys.For(this) };
    }

    /// <summary>Creates or upgrades the schema.</summary>
    public void Migrate()
    {
        if (Provider == DatabaseProvider.Sqlite)
            Security.OwnerOnlyFile.EnsureSqliteFile(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource);
        using var db = CreateContext();
        // Every command opens the database; Migrate() also diffs the compiled model against the last migration's
        // snapshot, which cost each command about a second. Only a database with migrations to apply runs it.
        if (db.Database.GetPendingMigrations().Any()) db.Database.Migrate();
        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers work while an import writes; it is a property of the file, so set once here.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
        Audit.TraceChain.Backfill(db);
    }
}
