using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Qingling.Data.Audit;

/// <summary>
/// The digest of a ledger, register, facts, measure, plan, visit or review row: 16 bytes of HMAC-SHA256 under the
/// database's MAC key (<see cref="DigestKeys"/>, kept outside the database) over the row's canonical values, then one
/// tag byte per column so the verifier can say which field was changed. Written on every insert and update the
/// application makes (EF and the bulk path), so a row changed outside the application no longer matches, and someone
/// who knows this formula but not the key file cannot compute the digest of a changed row.
/// A generated id is left out: EF learns it only after the insert (the table seal covers it). The canonical form is
/// engine-independent: money and other decimals without trailing zeros, timestamps in UTC to the microsecond (what
/// PostgreSQL keeps), enums as numbers. A null column is left out, so adding a nullable column later keeps old digests valid.
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
        /// <summary>The EF properties behind <see cref="Columns"/>, in the same order (the raw reader converts with them).</summary>
        public required IReadOnlyList<IProperty> Properties { get; init; }
        /// <summary>The key's properties and columns, in key order.</summary>
        public required IReadOnlyList<(string Column, IProperty Property, Func<object, object?> Get)> KeyColumns { get; init; }
        public required Action<object, byte[]> Set { get; init; }
        public required Func<object, byte[]?> Stored { get; init; }

        /// <summary>The key as text for messages and seals: "123", or "household_id=5,year=2022" for a composite key.</summary>
        public string KeyText(object row) => KeyText(KeyColumns.Select(k => k.Get(row)).ToArray());

        public string KeyText(object?[] keyValues) => KeyColumns.Count == 1
            ? Canonical.Value(keyValues[0]!)
            : string.Join(",", KeyColumns.Select((k, i) => $"{k.Column}={Canonical.Value(keyValues[i]!)}"));

        /// <summary>"id=123" or "household_id=5,year=2022".</summary>
        public string Where(string keyText) => KeyColumns.Count == 1 ? $"{KeyColumns[0].Column}={keyText}" : keyText;
    }

    static readonly ConcurrentDictionary<IEntityType, Shape?> Shapes = new();

    /// <summary>The digest shape of an entity type, or null when its rows carry no digest.</summary>
    public static Shape? For(IEntityType type) => Shapes.GetOrAdd(type, t =>
    {
        var digest = t.FindProperty(Property);
        if (digest?.PropertyInfo is null || digest.ClrType != typeof(byte[])) return null;
        var table = t.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, t.GetSchema());
        // A generated key is unknown before the insert; a composite key (a year's facts) is set by the caller and covered.
        var properties = t.GetProperties()
            .Where(p => p.Name != Property && !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never) && p.PropertyInfo is not null)
            .OrderBy(p => p.GetColumnName(store)!, StringComparer.Ordinal)
            .ToList();
        var keys = t.FindPrimaryKey()!.Properties;
        return new Shape
        {
            Table = table,
            Columns = properties.Select(p => (p.GetColumnName(store)!, Getter(p.PropertyInfo!))).ToList(),
            Properties = properties,
            KeyColumns = keys.Select(k => (k.GetColumnName(store)!, (IProperty)k, Getter(k.PropertyInfo!))).ToList(),
            Set = (e, d) => digest.PropertyInfo.SetValue(e, d),
            Stored = e => (byte[]?)digest.PropertyInfo.GetValue(e),
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
    [ThreadStatic] static object?[]? _values;
    [ThreadStatic] static IncrementalHash? _mac;
    [ThreadStatic] static byte[]? _macKey;

    // One HMAC per thread and key: creating one per row costs more than the hash.
    static IncrementalHash Mac(byte[] key)
    {
        if (_mac is null || !ReferenceEquals(_macKey, key))
        {
            _mac?.Dispose();
            _mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            _macKey = key;
        }
        return _mac;
    }

    /// <summary>The digest of the row's current values under the database's MAC key.</summary>
    public static byte[] Of(Shape shape, byte[] key, object row)
    {
        var values = _values is { } v && v.Length >= shape.Columns.Count ? v : _values = new object?[Math.Max(64, shape.Columns.Count)];
        for (var i = 0; i < shape.Columns.Count; i++) values[i] = shape.Columns[i].Get(row);
        return Of(shape, key, values);
    }

    /// <summary>The digest of values given in <see cref="Shape.Columns"/> order (as the verifier reads them).</summary>
    // Formats into per-thread buffers without allocating per field: on a million-row import or verify the
    // strings of a StringBuilder-and-ToString version cost more than the hash.
    public static byte[] Of(Shape shape, byte[] key, object?[] values)
    {
        var chars = _chars ??= new char[4096];
        var pos = 0;
        var result = new byte[HashBytes + shape.Columns.Count];
        Span<char> scratch = stackalloc char[64];
        // The tags are keyed too (their seed comes from the key), so they give away nothing about a value without it.
        var seed = 2166136261u ^ BitConverter.ToUInt32(key, 0);
        for (var i = 0; i < shape.Columns.Count; i++)
        {
            var column = shape.Columns[i].Column;
            var start = pos;
            var value = values[i];
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
            result[HashBytes + i] = Tag(seed, column, chars.AsSpan(start, pos - start));
        }
        var max = Encoding.UTF8.GetMaxByteCount(pos);
        var bytes = _bytes is { } b && b.Length >= max ? b : _bytes = new byte[Math.Max(max, 8192)];
        var length = Encoding.UTF8.GetBytes(chars.AsSpan(0, pos), bytes);
        var mac = Mac(key);
        mac.AppendData(bytes.AsSpan(0, length));
        Span<byte> hash = stackalloc byte[32];
        mac.GetHashAndReset(hash);
        hash[..HashBytes].CopyTo(result);
        return result;
    }

    /// <summary>
    /// A row's share of its table's seal: HMAC of the table, the key and the stored digest, as a 128-bit number. Keyed,
    /// so nobody without the key file can take a deleted row's share out of the seal.
    /// </summary>
    public static UInt128 SealShare(byte[] key, string table, string keyText, ReadOnlySpan<byte> digest)
    {
        Span<byte> buffer = stackalloc byte[512];
        var need = 3 * (table.Length + keyText.Length) + 2 + Math.Min(digest.Length, HashBytes);
        var bytes = need <= buffer.Length ? buffer : new byte[need];
        var n = Encoding.UTF8.GetBytes(table, bytes);
        bytes[n++] = (byte)';';
        n += Encoding.UTF8.GetBytes(keyText, bytes[n..]);
        bytes[n++] = (byte)';';
        var d = digest[..Math.Min(digest.Length, HashBytes)];
        d.CopyTo(bytes[n..]);
        n += d.Length;
        var mac = Mac(key);
        mac.AppendData(bytes[..n]);
        Span<byte> hash = stackalloc byte[32];
        mac.GetHashAndReset(hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    // One byte per column (FNV-1a of the column's canonical text), only to name the changed field; detection rests on the hash.
    static byte Tag(uint seed, string column, ReadOnlySpan<char> text)
    {
        var h = seed;
        foreach (var c in column) h = (h ^ c) * 16777619u;
        foreach (var c in text) h = (h ^ c) * 16777619u;
        return (byte)(h ^ h >> 8 ^ h >> 16 ^ h >> 24);
    }

    /// <summary>
    /// Compares a stored digest with the digest of the row's values: null when they match, else the columns whose tags
    /// differ (empty when the row has no digest or the changed column cannot be told).
    /// </summary>
    public static IReadOnlyList<string>? Mismatch(Shape shape, byte[]? stored, byte[] now)
    {
        if (stored is null) return [];
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
