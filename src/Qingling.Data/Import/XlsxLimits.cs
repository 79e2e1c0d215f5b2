namespace Qingling.Data.Import;

/// <summary>
/// What an .xlsx may unpack to before it is refused as a zip bomb. The sheet is streamed, so its size costs
/// time, not memory; the shared-string table is held whole, so it is capped by count and by characters.
/// The defaults leave room for the largest real export (a million members, a 200 MB file).
/// </summary>
public sealed record XlsxLimits
{
    /// <summary>Uncompressed bytes of any one part of the package (a million-member sheet is about 1.5 GB).</summary>
    public long MaxEntryBytes { get; init; } = 4L << 30;

    /// <summary>Uncompressed ÷ compressed size of a part; real sheets compress 5–20×, bombs 1,000× and more.</summary>
    public int MaxRatio { get; init; } = 100;

    /// <summary>The ratio is judged only past this many uncompressed bytes: tiny parts compress oddly.</summary>
    public long RatioFloorBytes { get; init; } = 1L << 20;

    /// <summary>Entries in the shared-string table (a million-member export has about 3 million distinct texts).</summary>
    public int MaxSharedStrings { get; init; } = 5_000_000;

    /// <summary>Characters in the whole shared-string table.</summary>
    public long MaxSharedChars { get; init; } = 100_000_000;

    /// <summary>Characters in one cell: Excel's own limit.</summary>
    public int MaxCellChars { get; init; } = 32_767;

    /// <summary>Columns in a row: Excel's own limit (XFD).</summary>
    public int MaxColumns { get; init; } = 16_384;

    public static XlsxLimits Default { get; } = new();

    /// <summary>1073741824 → "1 GiB", for messages.</summary>
    public static string Bytes(long n) => n >= 1L << 30 && n % (1L << 30) == 0 ? $"{n >> 30} GiB"
        : n >= 1L << 20 ? $"{n / (double)(1L << 20):0.#} MiB" : n >= 1024 ? $"{n / 1024.0:0.#} KiB" : $"{n} 字节";
}

/// <summary>
/// Reads one part of the package and refuses, with the part and the limit named, as soon as it
/// unpacks past <see cref="XlsxLimits.MaxEntryBytes"/> or past the ratio: the actual bytes are counted,
/// so a central directory that understates a part's size does not help.
/// </summary>
sealed class GuardedEntryStream(Stream inner, string part, long compressed, XlsxLimits limits) : Stream
{
    long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(Guard(() => inner.Read(buffer, offset, count)));
    public override int Read(Span<byte> buffer)
    {
        int n;
        try { n = inner.Read(buffer); }
        catch (InvalidDataException) { throw Corrupt(); }
        return Count(n);
    }

    int Guard(Func<int> read)
    {
        try { return read(); }
        catch (InvalidDataException) { throw Corrupt(); }
    }

    ImportFileException Corrupt() => new($"压缩包内的 {part} 已损坏或不完整（文件可能被截断），请重新导出");

    int Count(int n)
    {
        _read += n;
        if (_read > limits.MaxEntryBytes)
            throw new ImportFileException($"压缩包内的 {part} 解压后超过上限 {XlsxLimits.Bytes(limits.MaxEntryBytes)}，疑似“压缩炸弹”，不予导入");
        if (_read > limits.RatioFloorBytes && _read > Math.Max(compressed, 1) * limits.MaxRatio)
            throw new ImportFileException($"压缩包内的 {part} 压缩比超过上限 {limits.MaxRatio}:1（{XlsxLimits.Bytes(compressed)} 解压出 {XlsxLimits.Bytes(_read)} 以上），疑似“压缩炸弹”，不予导入");
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A file refused while it is read, with the row and column when the problem has one.</summary>
public sealed class ImportFileException(string reason, int row = 0, string column = "") : Exception(reason)
{
    public int Row { get; } = row;
    public string Column { get; } = column;
}
