using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Qingling.Data.Audit;

/// <summary>
/// The digest of a ledger, register or measure row: 16 bytes of SHA-256 over the row's canonical values, then one
/// tag byte per column so the verifier can say which field was changed. Written on every insert and update the
/// application makes (EF and the bulk path), so a row changed outside the application no longer matches.
/// The id is left out: EF learns it only after the insert. The canonical form is engine-independent: money and other
/// decimals without trailing zeros, timestamps in UTC to the microsecond (what PostgreSQL keeps), enums as numbers.
/// A null column is left out, so adding a nullable column later keeps old digests valid.
/// </summary>
public static class RowDigest
{
    public const string Property = "Digest";
    const int HashBytes = 16;

    /// <summary>The columns of one entity type that its digest covers, in a fixed (name) order.</summary>
    public sealed class Shape
    {
        public required string Table { get; init; }
        public required IReadOnlyList<(string Column, Func<object, object?> Get)> Columns { get; init; }
        public required Action<object, byte[]> Set { get; init; }
        public required Func<object, byte[]?> Stored { get; init; }
        public required Func<object, long> Key { get; init; }
    }

    static readonly ConcurrentDictionary<IEntityType, Shape?> Shapes = new();

    /// <summary>The digest shape of an entity type, or null when its rows carry no digest.</summary>
    public static Shape? For(IEntityType type) => Shapes.GetOrAdd(type, t =>
    {
        var digest = t.FindProperty(Property);
        if (digest?.PropertyInfo is null || digest.ClrType != typeof(byte[])) return null;
        var table = t.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, t.GetSchema());
        var columns = t.GetProperties()
            .Where(p => p.Name != Property && !p.IsPrimaryKey() && p.PropertyInfo is not null)
            .Select(p => (Column: p.GetColumnName(store)!, Info: p.PropertyInfo!))
            .OrderBy(p => p.Column, StringComparer.Ordinal)
            .Select(p => (p.Column, Get: Getter(p.Info)))
            .ToList();
        var key = t.FindPrimaryKey()!.Properties.Single().PropertyInfo!;
        return new Shape
        {
            Table = table, Columns = columns,
            Set = (e, d) => digest.PropertyInfo.SetValue(e, d),
            Stored = e => (byte[]?)digest.PropertyInfo.GetValue(e),
            Key = e => Convert.ToInt64(key.GetValue(e), CultureInfo.InvariantCulture),
        };
    });

    // Compiled reads: reflection's GetValue costs more than the hash on a million-row import.
    static Func<object, object?> Getter(System.Reflection.PropertyInfo info)
    {
        var o = System.Linq.Expressions.Expression.Parameter(typeof(object));
        var read = System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(o, info.DeclaringType!), info);
        return System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(System.Linq.Expressions.Expression.Convert(read, typeof(object)), o).Compile();
    }

    [ThreadStatic] static char[]? _chars;
    [ThreadStatic] static byte[]? _bytes;

    /// <summary>The digest of the row's current values.</summary>
    // Formats into per-thread buffers without allocating per field: on a million-row import or verify the
    // strings of a StringBuilder-and-ToString version cost more than the hash.
    public static byte[] Of(Shape shape, object row)
    {
        var chars = _chars ??= new char[4096];
        var pos = 0;
        var result = new byte[HashBytes + shape.Columns.Count];
        Span<char> scratch = stackalloc char[64];
        for (var i = 0; i < shape.Columns.Count; i++)
        {
            var (column, get) = shape.Columns[i];
            var start = pos;
            var value = get(row);
            if (value is not null)
            {
                ReadOnlySpan<char> text = value is string s ? s : Canonical.Format(value, scratch);
                var need = pos + column.Length + text.Length + 16;
                if (need > chars.Length)
                {
                    Array.Resize(ref chars, Math.Max(need, chars.Length * 2));
                    _chars = chars;
                }
                column.CopyTo(chars.AsSpan(pos));
                pos += column.Length;
                chars[pos++] = '=';
                text.Length.TryFormat(chars.AsSpan(pos), out var n, default, CultureInfo.InvariantCulture);
                pos += n;
                chars[pos++] = ':';
                text.CopyTo(chars.AsSpan(pos));
                pos += text.Length;
                chars[pos++] = ';';
            }
            result[HashBytes + i] = Tag(column, chars.AsSpan(start, pos - start));
        }
        var max = Encoding.UTF8.GetMaxByteCount(pos);
        var bytes = _bytes is { } b && b.Length >= max ? b : _bytes = new byte[Math.Max(max, 8192)];
        var length = Encoding.UTF8.GetBytes(chars.AsSpan(0, pos), bytes);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes.AsSpan(0, length), hash);
        hash[..HashBytes].CopyTo(result);
        return result;
    }

    // One byte per column (FNV-1a of the column's canonical text), only to name the changed field; detection rests on the hash.
    static byte Tag(string column, ReadOnlySpan<char> text)
    {
        var h = 2166136261u;
        foreach (var c in column) h = (h ^ c) * 16777619u;
        foreach (var c in text) h = (h ^ c) * 16777619u;
        return (byte)(h ^ h >> 8 ^ h >> 16 ^ h >> 24);
    }

    /// <summary>
    /// Compares a stored digest with the row's values: null when they match, else the columns whose tags differ
    /// (empty when the row has no digest or the changed column cannot be told).
    /// </summary>
    public static IReadOnlyList<string>? Mismatch(Shape shape, object row, out bool missing)
    {
        var stored = shape.Stored(row);
        missing = stored is null;
        if (stored is null) return [];
        var now = Of(shape, row);
        if (stored.AsSpan().SequenceEqual(now)) return null;
        var changed = new List<string>();
        if (stored.Length == now.Length)
            for (var i = 0; i < shape.Columns.Count; i++)
                if (stored[HashBytes + i] != now[HashBytes + i]) changed.Add(shape.Columns[i].Column);
        return changed;
    }
}

/// <summary>The engine-independent text of a stored value, shared by row digests and the trace chain.</summary>
public static class Canonical
{
    public static string Value(object value) => value switch
    {
        string s => s,
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        DateTime t => Time(t),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        byte[] bytes => Convert.ToHexString(bytes),
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"no canonical form for {value.GetType()}"),
    };

    /// <summary>
    /// Like <see cref="Value"/> for anything but a string, written into <paramref name="scratch"/> when it fits (the
    /// short values: numbers, dates, times); longer ones (byte arrays) fall back to a string.
    /// </summary>
    public static ReadOnlySpan<char> Format(object value, Span<char> scratch)
    {
        var ok = false;
        var n = 0;
        switch (value)
        {
            case decimal d: ok = d.TryFormat(scratch, out n, "0.############################", CultureInfo.InvariantCulture); break;
            case DateTime t: ok = Micro(t).TryFormat(scratch, out n, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture); break;
            case DateOnly d: ok = d.TryFormat(scratch, out n, "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
            case bool b: scratch[0] = b ? '1' : '0'; (ok, n) = (true, 1); break;
            case Enum e: ok = Convert.ToInt64(e, CultureInfo.InvariantCulture).TryFormat(scratch, out n, default, CultureInfo.InvariantCulture); break;
            case int i: ok = i.TryFormat(scratch, out n, default, CultureInfo.InvariantCulture); break;
            case long l: ok = l.TryFormat(scratch, out n, default, CultureInfo.InvariantCulture); break;
        }
        return ok ? scratch[..n] : Value(value);
    }

    /// <summary>UTC to the microsecond: SQLite keeps ticks, PostgreSQL microseconds; both give back the same text.</summary>
    public static string Time(DateTime t) => Micro(t).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A timestamp as both engines will give it back: UTC, whole microseconds.</summary>
    public static DateTime Micro(DateTime t)
    {
        var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }
}
