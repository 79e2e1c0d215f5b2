using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Qingling.Data.Database;

/// <summary>
/// The rows of one query, read column by column at the least cost per row, for the few reads that take a county's
/// millions of rows (the integrity checks' register and ledger). On SQLite it steps the statement through SQLite's own
/// C API: Microsoft.Data.Sqlite's reader spent more per row than SQLite itself (measured on the 4.4M-line ledger of
/// 250,000 households: 3.2–4.2 s through the reader, 1.7–1.9 s stepped directly, and 1.8 s in the sqlite3 shell), and
/// its repeated short texts are decoded into one string each instead of one per row. Elsewhere it is the ADO.NET reader.
/// Money columns are exact fen on SQLite and numeric on PostgreSQL; <see cref="Money"/> gives yuan on both.
/// </summary>
public abstract class BulkRows : IDisposable
{
    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/> (inside <paramref name="transaction"/> when given).</summary>
    public static BulkRows Open(DbConnection connection, DbTransaction? transaction, string sql) =>
        connection is SqliteConnection sqlite ? new Sqlite(sqlite, sql) : new Ado(connection, transaction, sql);

    /// <summary>Runs <paramref name="read"/> on the context's connection, inside its transaction if one is open.</summary>
    public static T OnContext<T>(QinglingDbContext db, Func<DbConnection, DbTransaction?, T> read)
    {
        db.Database.OpenConnection();
        try
        {
            return read(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction());
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <inheritdoc cref="OnContext{T}"/>
    public static void OnContext(QinglingDbContext db, Action<DbConnection, DbTransaction?> read) =>
        OnContext(db, (connection, transaction) =>
        {
            read(connection, transaction);
            return true;
        });

    /// <summary>Moves to the next row; false after the last.</summary>
    public abstract bool Read();
    public abstract long Int64(int column);
    public abstract int Int32(int column);
    public abstract bool IsNull(int column);
    /// <summary>Yuan, from SQLite's integer fen or PostgreSQL's numeric.</summary>
    public abstract decimal Money(int column);
    /// <summary>A point in time: SQLite's text as EF Core writes it (kind unspecified, as EF reads it), PostgreSQL's timestamptz (UTC).</summary>
    public abstract DateTime Time(int column);
    /// <summary>
    /// A text column. With <paramref name="repeated"/>, equal texts come back as one string: a relation or a work
    /// status repeats on every row, a code does not.
    /// </summary>
    public abstract string? Text(int column, bool repeated = true);
    public abstract void Dispose();

    /// <summary>
    /// Integer fen (SQLite's money) as yuan, bit for bit the decimal EF's converter makes (fen ÷ 100, which keeps no
    /// trailing zero: 4308.5, not 4308.50, so JSON output does not change), built without a division per row.
    /// </summary>
    public static decimal Fen(long fen)
    {
        var magnitude = (ulong)Math.Abs(fen);
        byte scale = 2;
        while (scale > 0 && magnitude % 10 == 0)
        {
            magnitude /= 10;
            scale--;
        }
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, fen < 0, scale);
    }

    sealed class Sqlite : BulkRows
    {
        readonly sqlite3 _db;
        readonly sqlite3_stmt _statement;
        readonly Dictionary<string, string> _texts = [];
        readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public Sqlite(SqliteConnection connection, string sql)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("SQLite connection is not open");
            var until = Environment.TickCount64 + BusyMilliseconds;
            int rc;
            while (Busy(rc = raw.sqlite3_prepare_v2(_db, sql, out _statement), until)) _statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
            _lookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>
        /// How long a read waits out a writer that holds the database (the web app writes while a page reads), as
        /// Microsoft.Data.Sqlite's commands do by default: stepping SQLite directly skips the driver's own waiting.
        /// </summary>
        const int BusyMilliseconds = 30_000;

        static bool Busy(int rc, long until)
        {
            if (rc is not (raw.SQLITE_BUSY or raw.SQLITE_LOCKED) || Environment.TickCount64 > until) return false;
            Thread.Sleep(5);
            return true;
        }

        public override bool Read()
        {
            var until = 0L;
            while (true)
            {
                var rc = raw.sqlite3_step(_statement);
                if (rc == raw.SQLITE_ROW) return true;
                if (rc == raw.SQLITE_DONE) return false;
                if (until == 0) until = Environment.TickCount64 + BusyMilliseconds;
                if (Busy(rc, until)) continue;
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }

        public override long Int64(int column) => raw.sqlite3_column_int64(_statement, column);
        public override int Int32(int column) => raw.sqlite3_column_int(_statement, column);
        public override bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;
        public override decimal Money(int column) => Fen(raw.sqlite3_column_int64(_statement, column));
        public override DateTime Time(int column) => DateTime.Parse(Text(column, repeated: false)!, System.Globalization.CultureInfo.InvariantCulture);

        public override string? Text(int column, bool repeated = true)
        {
            if (IsNull(column)) return null;
            var utf8 = raw.sqlite3_column_blob(_statement, column);
            // Repeated texts are short (a relation, a status); a long one is simply decoded.
            if (!repeated || utf8.Length > 256) return Encoding.UTF8.GetString(utf8);
            Span<char> chars = stackalloc char[256];
            var length = Encoding.UTF8.GetChars(utf8, chars);
            if (_lookup.TryGetValue(chars[..length], out var known)) return known;
            var text = new string(chars[..length]);
            _texts[text] = text;
            return text;
        }

        public override void Dispose() => _statement.Dispose();
    }

    sealed class Ado : BulkRows
    {
        readonly DbCommand _command;
        readonly DbDataReader _reader;
        readonly Dictionary<string, string> _texts = [];

        public Ado(DbConnection connection, DbTransaction? transaction, string sql)
        {
            _command = connection.CreateCommand();
            _command.CommandText = sql;
            _command.Transaction = transaction;
            _command.CommandTimeout = 0;
            _reader = _command.ExecuteReader(CommandBehavior.SequentialAccess);
        }

        public override bool Read() => _reader.Read();
        public override long Int64(int column) => _reader.GetInt64(column);
        public override int Int32(int column) => _reader.GetInt32(column);
        public override bool IsNull(int column) => _reader.IsDBNull(column);
        public override decimal Money(int column) => _reader.GetDecimal(column);
        public override DateTime Time(int column) => _reader.GetDateTime(column);

        public override string? Text(int column, bool repeated = true)
        {
            if (_reader.IsDBNull(column)) return null;
            var text = _reader.GetString(column);
            if (!repeated) return text;
            if (_texts.TryGetValue(text, out var known)) return known;
            _texts[text] = text;
            return text;
        }

        public override void Dispose()
        {
            _reader.Dispose();
            _command.Dispose();
        }
    }
}
