using System.Buffers;
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

    [ThreadStatic] static StringBuilder? _text;

    /// <summary>The digest of the row's current values.</summary>
    public static byte[] Of(Shape shape, object row)
    {
        var text = _text ??= new StringBuilder(512);
        text.Clear();
        var result = new byte[HashBytes + shape.Columns.Count];
        for (var i = 0; i < shape.Columns.Count; i++)
        {
            var (column, get) = shape.Columns[i];
            var start = text.Length;
            var value = get(row);
            if (value is not null)
            {
                var canonical = Canonical.Value(value);
                text.Append(column).Append('=').Append(canonical.Length).Append(':').Append(canonical).Append(';');
            }
            result[HashBytes + i] = Tag(column, text, start);
        }
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var chars = ArrayPool<char>.Shared.Rent(text.Length);
            text.CopyTo(0, chars, text.Length);
            var n = Encoding.UTF8.GetBytes(chars, 0, text.Length, buffer, 0);
            ArrayPool<char>.Shared.Return(chars);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, n), hash);
            hash[..HashBytes].CopyTo(result);
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
        return result;
    }

    // One byte per column (FNV-1a of the column's canonical text), only to name the changed field; detection rests on the hash.
    static byte Tag(string column, StringBuilder text, int start)
    {
        var h = 2166136261u;
        foreach (var c in column) h = (h ^ c) * 16777619u;
        for (var i = start; i < text.Length; i++) h = (h ^ text[i]) * 16777619u;
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

    /// <summary>UTC to the microsecond: SQLite keeps ticks, PostgreSQL microseconds; both give back the same text.</summary>
    public static string Time(DateTime t) => Micro(t).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A timestamp as both engines will give it back: UTC, whole microseconds.</summary>
    public static DateTime Micro(DateTime t)
    {
        var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }
}
