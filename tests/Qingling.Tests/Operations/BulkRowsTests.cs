using Microsoft.EntityFrameworkCore;
using Qingling.Data.Database;
using Qingling.Tests.Support;

namespace Qingling.Tests.Operations;

/// <summary>
/// The fast reader of the integrity checks' big reads gives what the ADO.NET reader gives on both engines: integers,
/// nulls, money as exact yuan (SQLite keeps fen), texts (repeated ones as one string, long ones whole), and an error
/// from the database as the driver's exception rather than a crash.
/// </summary>
public class BulkRowsTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public void Reads_integers_nulls_money_and_texts_as_stored(string provider)
    {
        using var database = new TestDatabase(provider);
        using var db = database.Store.CreateContext();
        var sqlite = provider == TestDatabase.Sqlite;
        var money = sqlite ? "INTEGER" : "numeric(14,2)";
        var longText = new string('户', 300) + "尾";
        // The SQL is built from the test's own constants.
        var create = $"CREATE TABLE bulk_probe (id bigint NOT NULL, n integer NULL, amount {money} NOT NULL, relation text NULL)";
        db.Database.ExecuteSqlRaw(create);
        // SQLite stores fen: -1234.56 yuan is -123456.
        string Amount(decimal yuan) => sqlite ? ((long)(yuan * 100)).ToString(System.Globalization.CultureInfo.InvariantCulture) : yuan.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var insert = $"INSERT INTO bulk_probe VALUES (1, 7, {Amount(-1234.56m)}, '户主'), (2, NULL, {Amount(79228162514.26m)}, '户主'), (3, -5, {Amount(0.01m)}, NULL), (4, 0, {Amount(0m)}, '{longText}'), (5, 1, {Amount(4308.50m)}, NULL)";
        db.Database.ExecuteSqlRaw(insert);

        db.Database.OpenConnection();
        var rows = new List<(long Id, int? N, decimal Amount, string? Relation)>();
        using (var reader = BulkRows.Open(db.Database.GetDbConnection(), null, "SELECT id, n, amount, relation FROM bulk_probe ORDER BY id"))
            while (reader.Read())
                rows.Add((reader.Int64(0), reader.IsNull(1) ? null : reader.Int32(1), reader.Money(2), reader.Text(3)));

        Assert.Equal([1L, 2, 3, 4, 5], rows.Select(r => r.Id));
        Assert.Equal([7, null, -5, 0, 1], rows.Select(r => r.N));
        Assert.Equal([-1234.56m, 79228162514.26m, 0.01m, 0m, 4308.5m], rows.Select(r => r.Amount));
        Assert.Equal("-1234.56", rows[0].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // SQLite's fen come back as EF's converter gives them (no trailing zero), PostgreSQL's numeric with its scale:
        // the JSON of a command reading through either is what it was.
        Assert.Equal(sqlite ? "4308.5" : "4308.50", rows[4].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(sqlite ? "0" : "0.00", rows[3].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("户主", rows[0].Relation);
        Assert.Same(rows[0].Relation, rows[1].Relation);
        Assert.Null(rows[2].Relation);
        Assert.Equal(longText, rows[3].Relation);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_query_the_database_refuses_raises_the_drivers_exception(string provider)
    {
        using var database = new TestDatabase(provider);
        using var db = database.Store.CreateContext();
        db.Database.OpenConnection();
        var error = Assert.ThrowsAny<System.Data.Common.DbException>(() =>
        {
            using var reader = BulkRows.Open(db.Database.GetDbConnection(), null, "SELECT no_such_column FROM households");
            reader.Read();
        });
        Assert.Contains("no_such_column", error.Message);
    }

    /// <summary>
    /// A read waits out a writer holding the database, as the driver's own commands do: stepping SQLite directly had
    /// skipped that wait, and a page that read while a form saved answered 500 ("database is locked").
    /// </summary>
    [Fact]
    public async Task An_SQLite_read_waits_for_a_writer_to_let_go()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-bulk-").FullName;
        try
        {
            // A rollback journal, where a writer's exclusive lock shuts readers out (WAL only rarely does).
            var path = Path.Combine(folder, "busy.db");
            using var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            writer.Open();
            void Run(Microsoft.Data.Sqlite.SqliteConnection c, string sql)
            {
                using var command = c.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
            Run(writer, "PRAGMA journal_mode=DELETE; CREATE TABLE t (n integer); INSERT INTO t VALUES (1);");
            Run(writer, "BEGIN EXCLUSIVE; INSERT INTO t VALUES (2);");
            var release = Task.Run(async () =>
            {
                await Task.Delay(300);
                Run(writer, "COMMIT;");
            });
            using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            reader.Open();
            var started = System.Diagnostics.Stopwatch.StartNew();
            var values = new List<long>();
            using (var rows = BulkRows.Open(reader, null, "SELECT n FROM t ORDER BY n"))
                while (rows.Read()) values.Add(rows.Int64(0));
            await release;
            Assert.Equal([1L, 2], values);
            Assert.True(started.ElapsedMilliseconds >= 200, $"the read should have waited for the writer ({started.ElapsedMilliseconds} ms)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, true);
        }
    }
}
