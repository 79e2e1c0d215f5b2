using System.Text;
using System.Text.Unicode;
using Sylvan.Data.Csv;

namespace Qingling.Data.Import;

/// <summary>
/// CSV rows through Sylvan's reader. The encoding is UTF-8 (with or without BOM) unless the start of the
/// file is not valid UTF-8, in which case it is GB18030 (a superset of GBK), as the national system writes.
/// </summary>
public sealed class CsvRowReader : IRowReader
{
    readonly FileStream _stream;
    readonly CsvDataReader _reader;
    readonly Qingling.Core.Import.LazyCells _cells;

    public CsvRowReader(string path, string? encoding)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var enc = encoding is null ? Detect(_stream) : Encodings.Get(encoding);
        _stream.Position = 0;
        var text = new StreamReader(_stream, enc, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false, BufferSize = 1 << 16, MaxBufferSize = MaxRowChars, Delimiter = ',' });
        _cells = new Qingling.Core.Import.LazyCells(() => _reader.RowFieldCount, i => _reader.GetString(i), i => _reader.GetFieldSpan(i));
    }

    public int Row { get; private set; }
    public IReadOnlyList<string> Cells => _cells;
    public double Progress => _stream.Length == 0 ? 1 : (double)_stream.Position / _stream.Length;

    /// <summary>Cells become strings only when asked for: most rows repeat their household's cells, which are compared as spans.</summary>
    public bool Read()
    {
        try { return ReadRow(); }
        catch (CsvRecordTooLargeException)
        {
            throw new ImportFileException($"本行超过 {MaxRowChars:N0} 个字符（一行的上限），不是正常的导出内容，不予导入", Row + 1);
        }
    }

    /// <summary>One row of a real export is a few hundred characters; the reader's buffer may grow to this and no further.</summary>
    const int MaxRowChars = 1 << 20;

    bool ReadRow()
    {
        while (_reader.Read())
        {
            Row++;
            for (var i = 0; i < _reader.RowFieldCount; i++)
            {
                if (!_reader.GetFieldSpan(i).IsWhiteSpace()) return true;
            }
        }
        return false;
    }

    /// <summary>Looks at the first 64 KiB: a BOM decides; otherwise invalid UTF-8 means GB18030.</summary>
    public static Encoding Detect(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var span = buffer.AsSpan(0, n);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(false);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.Unicode;
        // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes of it.
        if (n == buffer.Length)
        {
            var cut = n;
            while (cut > n - 4 && cut > 0 && (span[cut - 1] & 0xC0) == 0x80) cut--;
            if (cut > 0 && span[cut - 1] >= 0xC0) cut--;
            span = span[..cut];
        }
        return Utf8.IsValid(span) ? new UTF8Encoding(false) : Encodings.Gb18030;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }
}

/// <summary>The encodings exports come in.</summary>
public static class Encodings
{
    static Encodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    public static Encoding Get(string name) => name.ToLowerInvariant() switch
    {
        "utf8" or "utf-8" => new UTF8Encoding(false),
        "gbk" or "gb2312" or "gb18030" => Gb18030,
        _ => throw new ArgumentException($"不支持的编码“{name}”，可用：utf-8、gb18030"),
    };
}
