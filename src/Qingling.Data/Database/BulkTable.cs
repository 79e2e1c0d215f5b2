using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SQLitePCL;
using System.Globalization;

namespace Qingling.Data.Database;

/// <summary>
/// Fast inserts of one entity type through the provider's own path: a prepared INSERT reused in the
/// open transaction on SQLite, binary COPY on PostgreSQL. Columns and value conversions come from the
/// EF model, so the bulk path and EF can never disagree about the schema. Keys are assigned by the caller.
/// </summary>
public sealed class BulkTable<T> : IDisposable where T : class
{
    readonly DbConnection _connection;
    readonly DbTransaction _transaction;
    readonly string _table;
    readonly string[] _columns;
    List<T> _buffer = [];
    readonly Action<sqlite3_stmt, T> _bind = null!;
    readonly Action<NpgsqlBinaryImporter, T> _write = null!;
    sqlite3_stmt? _insert;
    readonly Audit.RowDigest.Shape? _digest;
    readonly QinglingDbContext _db;
    readonly byte[]? _key;
    Audit.TableSeal.Value _seal;

    /// <summary>
    /// Rows buffered for PostgreSQL's COPY. The owner (<see cref="BulkWriter"/>) flushes all its tables,
    /// parents first, because a child row may only be copied after the row it refers to.
    /// </summary>
    public int Pending => _buffer.Count;

    public BulkTable(QinglingDbContext db)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkTable needs an open transaction");
        var entity = db.Model.FindEntityType(typeof(T))!;
        _table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(_table, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        _columns = properties.Select(p => p.GetColumnName(store)!).ToArray();
        _digest = Audit.RowDigest.For(entity);
        _db = db;
        if (_digest is not null) _key = db.RequireKey();
        if (_connection is SqliteConnection) _bind = SqliteBinder.Compile<T>(properties);
        else _write = PostgresBinder.Compile<T>(properties);
    }

    public void Add(T entity)
    {
        if (_digest is not null)
        {
            // Keys are set by the caller, so the row's share of the seal is known at once.
            var digest = Audit.RowDigest.Of(_digest, _key!, entity);
            _digest.Set(entity, digest);
            _seal = _seal.Add(Audit.RowDigest.SealShare(_key!, _digest.Table, _digest.KeyText(entity), digest));
            if (_seal.Count >= 4096) SealPending();
        }
        if (_connection is SqliteConnection sqlite) InsertSqlite(sqlite, entity);
        else _buffer.Add(entity);
    }

    void InsertSqlite(SqliteConnection connection, T entity)
    {
        if (_insert is null)
        {
            var sql = $"INSERT INTO \"{_table}\" ({string.Join(", ", _columns.Select(c => $"\"{c}\""))}) " +
                      $"VALUES ({string.Join(", ", _columns.Select(_ => "?"))})";
            Check(connection, raw.sqlite3_prepare_v2(connection.Handle, sql, out _insert));
        }
        _bind(_insert, entity);
        var rc = raw.sqlite3_step(_insert);
        raw.sqlite3_reset(_insert);
        if (rc != raw.SQLITE_DONE) Check(connection, rc);
    }

    static void Check(SqliteConnection connection, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), rc);
    }

    /// <summary>Writes what is buffered (PostgreSQL); call before anything that depends on these rows.</summary>
    public void Flush()
    {
        SealPending();
        Copy(Detach());
    }

    /// <summary>Takes the buffered rows out, to be copied with <see cref="Copy"/>, possibly on another thread.</summary>
    public List<T> Detach()
    {
        var rows = _buffer;
        _buffer = new List<T>(rows.Count);
        return rows;
    }

    /// <summary>Copies rows through binary COPY; the connection must not be used by anyone else meanwhile.</summary>
    public void Copy(List<T> rows)
    {
        if (rows.Count == 0) return;
        var connection = (NpgsqlConnection)_connection;
        var copy = $"COPY \"{_table}\" ({string.Join(", ", _columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)";
        using var importer = connection.BeginBinaryImport(copy);
        foreach (var entity in rows)
        {
            importer.StartRow();
            _write(importer, entity);
        }
        importer.Complete();
    }

    // Handed to the context in batches: it writes them into the seal when the transaction commits.
    void SealPending()
    {
        if (_digest is null || _seal.Count == 0) return;
        Audit.TableSeal.Pending(_db, _digest.Table, _seal);
        _seal = default;
    }

    /// <summary>Hands the seal changes of the rows added so far to the context (Flush and Dispose do it too).</summary>
    public void Seal() => SealPending();

    public void Dispose()
    {
        SealPending();
        _insert?.Dispose();
    }
}
