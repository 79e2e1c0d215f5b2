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
    const int PostgresBatch = 20_000;
    readonly DbConnection _connection;
    readonly DbTransaction _transaction;
    readonly string _table;
    readonly (string Column, string StoreType, Func<T, object?> Value)[] _columns;
    readonly List<T> _buffer = [];
    readonly Action<sqlite3_stmt, T> _bind = null!;
    sqlite3_stmt? _insert;

    public int Written { get; private set; }

    public BulkTable(QinglingDbContext db)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkTable needs an open transaction");
        var entity = db.Model.FindEntityType(typeof(T))!;
        _table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(_table, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        _columns = properties.Select(p => (p.GetColumnName(store)!, p.GetColumnType(), Getter(p))).ToArray();
        if (_connection is SqliteConnection) _bind = SqliteBinder.Compile<T>(properties);
    }

    static Func<T, object?> Getter(IProperty p)
    {
        var get = p.GetGetter();
        var converter = p.GetTypeMapping().Converter;
        if (converter is null) return e => get.GetClrValue(e);
        var toProvider = converter.ConvertToProvider;
        return e => get.GetClrValue(e) is { } v ? toProvider(v) : null;
    }

    public void Add(T entity)
    {
        if (_connection is SqliteConnection sqlite) InsertSqlite(sqlite, entity);
        else
        {
            _buffer.Add(entity);
            if (_buffer.Count >= PostgresBatch) Flush();
        }
        Written++;
    }

    void InsertSqlite(SqliteConnection connection, T entity)
    {
        if (_insert is null)
        {
            var sql = $"INSERT INTO \"{_table}\" ({string.Join(", ", _columns.Select(c => $"\"{c.Column}\""))}) " +
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
        if (_buffer.Count == 0) return;
        var connection = (NpgsqlConnection)_connection;
        var copy = $"COPY \"{_table}\" ({string.Join(", ", _columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)";
        using (var importer = connection.BeginBinaryImport(copy))
        {
            foreach (var entity in _buffer)
            {
                importer.StartRow();
                foreach (var (_, storeType, value) in _columns)
                {
                    var v = value(entity);
                    if (v is null) importer.WriteNull();
                    else importer.Write(v, BaseType(storeType));
                }
            }
            importer.Complete();
        }
        _buffer.Clear();
    }

    static string BaseType(string storeType)
    {
        var paren = storeType.IndexOf('(');
        return paren < 0 ? storeType : storeType[..paren];
    }

    public void Dispose() => _insert?.Dispose();
}
