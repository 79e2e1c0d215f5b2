using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Web.Web;

/// <summary>
/// What the 留痕 page derives from the trace, kept per line and per end of the trace. The trace only grows (a database
/// trigger refuses deleting a line or changing a chained one), so a count or a list of actors taken when its last line
/// was N stays true for as long as N is the last line, and a chained line's fields never change. Reading lines (an ID
/// number shown, an export) adds lines without moving the data version, which is why this is keyed by the trace's own end.
/// </summary>
public sealed class TraceCache
{
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>The id of the trace's last line (0 when empty): one index lookup.</summary>
    public static long End(QinglingDbContext db) => db.AuditEntries.Max(a => (long?)a.Id) ?? 0;

    /// <summary>Every actor and every kind of object in the trace, sorted, as of its end <paramref name="end"/>.</summary>
    public (IReadOnlyList<string> Actors, IReadOnlyList<string> Entities) Choices(QinglingDbContext db, long end) =>
        Get(("choices", end), () => ((IReadOnlyList<string>)db.AuditEntries.AsNoTracking().Select(a => a.Actor).Distinct().OrderBy(a => a).ToList(),
            (IReadOnlyList<string>)db.AuditEntries.AsNoTracking().Select(a => a.Entity).Distinct().OrderBy(e => e).ToList()));

    /// <summary>How many lines <paramref name="filter"/> selects, as of the trace's end <paramref name="end"/>.</summary>
    public int Count(TraceFilter filter, long end, Func<int> count) => Get(("count", filter, end), count);

    /// <summary>A chained line's fields, read once (a frozen baseline list is one line of a megabyte): keyed by id and hash.</summary>
    public IReadOnlyList<TraceField>? KnownFields(long id, string? hash) =>
        hash is not null && _cache.TryGetValue(("fields", id, hash), out IReadOnlyList<TraceField>? fields) ? fields : null;

    public IReadOnlyList<TraceField> Fields(long id, string? hash, string? before, string? after)
    {
        var fields = TraceView.Fields(before, after);
        if (hash is not null) _cache.Set(("fields", id, hash), fields, new MemoryCacheEntryOptions { Size = 1 });
        return fields;
    }

    T Get<T>(object key, Func<T> make)
    {
        if (_cache.TryGetValue(key, out T? known)) return known!;
        var value = make();
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1 });
        return value;
    }
}
