using Microsoft.EntityFrameworkCore;

namespace Qingling.Data.Database;

/// <summary>
/// The bulk tables of one load, parents first. On PostgreSQL, full buffers are copied on a background
/// task while the caller builds the next rows, so the client and the server work at the same time; any
/// other use of the connection must call <see cref="Flush"/> first, which waits and copies the rest.
/// On SQLite rows are inserted as they are added, and both calls cost nothing.
/// </summary>
public sealed class BulkWriter : IDisposable
{
    /// <summary>Rows per table per COPY: large enough to amortise a round trip, small enough to keep memory flat.</summary>
    public const int FlushAt = 10_000;

    readonly bool _buffered;
    readonly List<(Func<object> Detach, Action<object> Copy, Func<int> Pending, IDisposable Table)> _tables = [];
    Task? _inflight;

    public BulkWriter(QinglingDbContext db) => _buffered = !db.Database.IsSqlite();

    /// <summary>Adds a table; add parents before children.</summary>
    public BulkTable<T> Add<T>(BulkTable<T> table) where T : class
    {
        _tables.Add((() => table.Detach(), rows => table.Copy((List<T>)rows), () => table.Pending, table));
        return table;
    }

    /// <summary>Starts copying in the background once some table has a full buffer.</summary>
    public void FlushWhenFull()
    {
        if (!_buffered || !_tables.Any(t => t.Pending() >= FlushAt)) return;
        Wait();
        var batches = _tables.Select(t => (t.Copy, Rows: t.Detach())).ToList();
        _inflight = Task.Run(() =>
        {
            foreach (var (copy, rows) in batches) copy(rows);
        });
    }

    /// <summary>Waits for the background copy and copies what is still buffered: every added row is then in the database.</summary>
    public void Flush()
    {
        if (!_buffered) return;
        Wait();
        foreach (var t in _tables) t.Copy(t.Detach());
    }

    void Wait()
    {
        if (_inflight is null) return;
        var task = _inflight;
        _inflight = null;
        task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        try { _inflight?.Wait(); } catch (AggregateException) { /* already reported, or the load is being abandoned */ }
        foreach (var t in _tables) t.Table.Dispose();
    }
}
