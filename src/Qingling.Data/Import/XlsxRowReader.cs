using System.IO.Compression;
using System.Xml;

namespace Qingling.Data.Import;

/// <summary>
/// Streams the first worksheet of an .xlsx with an XmlReader: one row in memory at a time, plus the
/// shared-string table. Written for speed on million-row exports, where general spreadsheet libraries
/// allocate a dictionary per row. A hostile package is refused within <see cref="XlsxLimits"/>: every part
/// is read through a <see cref="GuardedEntryStream"/>, texts are read in chunks and capped, DTDs are refused.
/// </summary>
public sealed class XlsxRowReader : IRowReader
{
    static readonly XmlReaderSettings Settings = new() { IgnoreWhitespace = false, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
    readonly FileStream _file;
    readonly ZipArchive _zip;
    readonly XmlReader _sheet;
    readonly string[] _shared;
    readonly List<string> _cells = [];
    readonly XlsxLimits _limits;
    readonly string _name;
    readonly char[] _chunk = new char[4096];
    readonly System.Text.StringBuilder _text = new();

    public XlsxRowReader(string path, XlsxLimits? limits = null)
    {
        _limits = limits ?? XlsxLimits.Default;
        _name = Path.GetFileName(path);
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            _zip = new ZipArchive(_file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            _file.Dispose();
            throw new InvalidDataException($"{Path.GetFileName(path)}：不是有效的 .xlsx 文件（无法按压缩包打开）");
        }
        try
        {
            var sheetPath = Xml("xl/workbook.xml", () => FirstSheetPath(_zip)) ?? throw Invalid(path, "找不到工作表");
            _shared = _zip.GetEntry("xl/sharedStrings.xml") is { } ss ? Xml(ss.FullName, () => ReadSharedStrings(ss)) : [];
            var entry = _zip.GetEntry(sheetPath) ?? throw Invalid(path, $"找不到工作表 {sheetPath}");
            _sheetPart = entry.FullName;
            _sheet = XmlReader.Create(Open(entry), Settings);
        }
        catch
        {
            _zip.Dispose();
            _file.Dispose();
            throw;
        }
    }

    readonly string _sheetPart;

    /// <summary>A part of the package, read through the size and ratio guard.</summary>
    Stream Open(ZipArchiveEntry entry)
    {
        // The central directory's own figures first: a part that claims to be too big is refused before any unpacking.
        if (entry.Length > _limits.MaxEntryBytes)
            throw new ImportFileException($"压缩包内的 {entry.FullName} 解压后有 {XlsxLimits.Bytes(entry.Length)}，超过上限 {XlsxLimits.Bytes(_limits.MaxEntryBytes)}，疑似“压缩炸弹”，不予导入");
        if (entry.Length > _limits.RatioFloorBytes && entry.Length > Math.Max(entry.CompressedLength, 1) * _limits.MaxRatio)
            throw new ImportFileException($"压缩包内的 {entry.FullName} 压缩比超过上限 {_limits.MaxRatio}:1（{XlsxLimits.Bytes(entry.CompressedLength)} 解压为 {XlsxLimits.Bytes(entry.Length)}），疑似“压缩炸弹”，不予导入");
        try
        {
            return new GuardedEntryStream(entry.Open(), entry.FullName, entry.CompressedLength, _limits);
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException($"压缩包内的 {entry.FullName} 已损坏或不完整（文件可能被截断），请重新导出");
        }
    }

    /// <summary>Runs a read of one XML part; malformed XML, or a DTD (refused: entity expansion, external entities), becomes a message.</summary>
    static T Xml<T>(string part, Func<T> read)
    {
        try { return read(); }
        catch (XmlException e) { throw XmlProblem(part, e); }
    }

    static ImportFileException XmlProblem(string part, XmlException e) =>
        new($"{part} 不是有效的 XML，或含有 DTD/实体声明（出于安全原因不予解析）" + (e.LineNumber > 0 ? $"，位置：第{e.LineNumber}行第{e.LinePosition}列" : ""));

    /// <summary>
    /// The text of the element the reader is on (a &lt;v&gt; or &lt;t&gt;), read in chunks so a giant text is refused
    /// after <paramref name="max"/> characters instead of being built first. Leaves the reader on the end tag.
    /// </summary>
    string ReadText(XmlReader r, int max, Func<string> where, int row = 0, string column = "")
    {
        if (r.IsEmptyElement) return "";
        var depth = r.Depth;
        _text.Clear();
        while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)) continue;
            int n;
            while ((n = r.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
            {
                if (_text.Length + n > max)
                    throw new ImportFileException($"{where()}超过 {_limits.MaxCellChars} 个字符（Excel 单元格的上限），不是正常的导出内容，不予导入", row, column);
                _text.Append(_chunk, 0, n);
            }
        }
        return _text.ToString();
    }

    static InvalidDataException Invalid(string path, string why) => new($"{Path.GetFileName(path)}：不是有效的 .xlsx 文件（{why}）");

    public int Row { get; private set; }
    public IReadOnlyList<string> Cells => _cells;
    public double Progress => _file.Length == 0 ? 1 : (double)_file.Position / _file.Length;

    public bool Read()
    {
        try { return ReadRow(); }
        catch (XmlException e) { throw XmlProblem(_sheetPart, e); }
    }

    bool ReadRow()
    {
        while (_sheet.Read())
        {
            if (_sheet.NodeType != XmlNodeType.Element || _sheet.LocalName != "row") continue;
            var r = _sheet.GetAttribute("r");
            Row = r is not null && int.TryParse(r, out var n) ? n : Row + 1;
            _cells.Clear();
            var empty = true;
            if (!_sheet.IsEmptyElement) ReadCells(ref empty);
            if (!empty) return true;
        }
        return false;
    }

    void ReadCells(ref bool empty)
    {
        var depth = _sheet.Depth;
        while (_sheet.Read() && !(_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth))
        {
            if (_sheet.NodeType != XmlNodeType.Element || _sheet.LocalName != "c") continue;
            var reference = _sheet.GetAttribute("r");
            var type = _sheet.GetAttribute("t");
            var column = reference is null ? _cells.Count : ColumnIndex(reference);
            if (column >= _limits.MaxColumns)
                throw new ImportFileException($"第{Row}行的单元格 {reference ?? ""} 超出 Excel 的最大列数 {_limits.MaxColumns}，不是正常的导出文件", Row, ColumnName(Math.Min(column, 1 << 20)));
            var value = _sheet.IsEmptyElement ? "" : ReadCellValue(type, column);
            while (_cells.Count < column) _cells.Add("");
            if (_cells.Count == column) _cells.Add(value); else _cells[column] = value;
            if (value.Length > 0) empty = false;
        }
    }

    string ReadCellValue(string? type, int column)
    {
        static string Where() => "单元格";
        var depth = _sheet.Depth;
        var value = "";
        // ReadElementContentAsString leaves the reader on the next node, so only Read() when it did not.
        var positioned = false;
        while (positioned || _sheet.Read())
        {
            positioned = false;
            if (_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth) break;
            if (_sheet.NodeType != XmlNodeType.Element) continue;
            if (_sheet.LocalName == "v")
            {
                var v = ReadText(_sheet, _limits.MaxCellChars, Where, Row, ColumnName(column));
                value = type switch
                {
                    "s" => int.TryParse(v, out var i) && i >= 0 && i < _shared.Length ? _shared[i] : "",
                    "b" => v == "1" ? "TRUE" : "FALSE",
                    _ => v,
                };
            }
            else if (_sheet.LocalName == "t" && type == "inlineStr")
            {
                value += ReadText(_sheet, _limits.MaxCellChars - value.Length, Where, Row, ColumnName(column));
            }
            else if (_sheet.LocalName == "rPh")
            {
                _sheet.Skip();
                positioned = true;
            }
        }
        return value;
    }

    /// <summary>"AB12" → 27; past Excel's last column the value only needs to be too big.</summary>
    static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference)
        {
            if (ch is < 'A' or > 'Z') break;
            index = index * 26 + (ch - 'A' + 1);
            if (index > 1 << 20) break;
        }
        return index - 1;
    }

    /// <summary>0 → "A", 27 → "AB".</summary>
    static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) name = (char)('A' + (i - 1) % 26) + name;
        return name;
    }

    string[] ReadSharedStrings(ZipArchiveEntry entry)
    {
        var list = new List<string>();
        using var reader = XmlReader.Create(Open(entry), Settings);
        var text = new System.Text.StringBuilder();
        long chars = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "si") continue;
            if (list.Count == _limits.MaxSharedStrings)
                throw new ImportFileException($"共享字符串表超过 {_limits.MaxSharedStrings:N0} 项（上限），不是正常的导出文件，不予导入");
            text.Clear();
            if (!reader.IsEmptyElement)
            {
                var depth = reader.Depth;
                var positioned = false;
                while (positioned || reader.Read())
                {
                    positioned = false;
                    if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) break;
                    if (reader.NodeType != XmlNodeType.Element) continue;
                    // Phonetic runs (rPh) are annotations, not part of the text.
                    if (reader.LocalName == "rPh") { reader.Skip(); positioned = true; }
                    else if (reader.LocalName == "t") text.Append(ReadText(reader, _limits.MaxCellChars - text.Length, () => $"共享字符串表第{list.Count + 1}项"));
                }
            }
            chars += text.Length;
            if (chars > _limits.MaxSharedChars)
                throw new ImportFileException($"共享字符串表超过 {_limits.MaxSharedChars:N0} 个字符（上限），不是正常的导出文件，不予导入");
            list.Add(text.ToString());
        }
        return list.ToArray();
    }

    string? FirstSheetPath(ZipArchive zip)
    {
        var workbook = zip.GetEntry("xl/workbook.xml");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is null) return null;
        string? relId = null;
        using (var r = XmlReader.Create(Open(workbook), Settings))
        {
            while (r.Read())
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet")
                {
                    relId = r.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                    break;
                }
            }
        }
        if (relId is not null && rels is not null)
        {
            using var r = XmlReader.Create(Open(rels), Settings);
            while (r.Read())
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") == relId)
                {
                    var target = r.GetAttribute("Target") ?? "";
                    return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                }
            }
        }
        return zip.GetEntry("xl/worksheets/sheet1.xml") is not null ? "xl/worksheets/sheet1.xml" : null;
    }

    public void Dispose()
    {
        _sheet.Dispose();
        _zip.Dispose();
        _file.Dispose();
    }
}
