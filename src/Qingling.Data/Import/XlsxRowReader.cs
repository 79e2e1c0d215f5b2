using System.IO.Compression;
using System.Xml;

namespace Qingling.Data.Import;

/// <summary>
/// Streams the first worksheet of an .xlsx with an XmlReader: one row in memory at a time, plus the
/// shared-string table. Written for speed on million-row exports, where general spreadsheet libraries
/// allocate a dictionary per row.
/// </summary>
public sealed class XlsxRowReader : IRowReader
{
    static readonly XmlReaderSettings Settings = new() { IgnoreWhitespace = false, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
    readonly FileStream _file;
    readonly ZipArchive _zip;
    readonly XmlReader _sheet;
    readonly string[] _shared;
    readonly List<string> _cells = [];

    public XlsxRowReader(string path)
    {
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
        var sheetPath = FirstSheetPath(_zip) ?? throw Invalid(path, "找不到工作表");
        _shared = _zip.GetEntry("xl/sharedStrings.xml") is { } ss ? ReadSharedStrings(ss) : [];
        var entry = _zip.GetEntry(sheetPath) ?? throw Invalid(path, $"找不到工作表 {sheetPath}");
        _sheet = XmlReader.Create(entry.Open(), Settings);
    }

    static InvalidDataException Invalid(string path, string why) => new($"{Path.GetFileName(path)}：不是有效的 .xlsx 文件（{why}）");

    public int Row { get; private set; }
    public IReadOnlyList<string> Cells => _cells;
    public double Progress => _file.Length == 0 ? 1 : (double)_file.Position / _file.Length;

    public bool Read()
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
            var value = _sheet.IsEmptyElement ? "" : ReadCellValue(type);
            while (_cells.Count < column) _cells.Add("");
            if (_cells.Count == column) _cells.Add(value); else _cells[column] = value;
            if (value.Length > 0) empty = false;
        }
    }

    string ReadCellValue(string? type)
    {
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
                var v = _sheet.ReadElementContentAsString();
                positioned = true;
                value = type switch
                {
                    "s" => int.TryParse(v, out var i) && i >= 0 && i < _shared.Length ? _shared[i] : "",
                    "b" => v == "1" ? "TRUE" : "FALSE",
                    _ => v,
                };
            }
            else if (_sheet.LocalName == "t" && type == "inlineStr")
            {
                value += _sheet.ReadElementContentAsString();
                positioned = true;
            }
            else if (_sheet.LocalName == "rPh")
            {
                _sheet.Skip();
                positioned = true;
            }
        }
        return value;
    }

    /// <summary>"AB12" → 27.</summary>
    static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference)
        {
            if (ch is < 'A' or > 'Z') break;
            index = index * 26 + (ch - 'A' + 1);
        }
        return index - 1;
    }

    static string[] ReadSharedStrings(ZipArchiveEntry entry)
    {
        var list = new List<string>();
        using var reader = XmlReader.Create(entry.Open(), Settings);
        var text = new System.Text.StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "si") continue;
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
                    else if (reader.LocalName == "t") { text.Append(reader.ReadElementContentAsString()); positioned = true; }
                }
            }
            list.Add(text.ToString());
        }
        return list.ToArray();
    }

    static string? FirstSheetPath(ZipArchive zip)
    {
        var workbook = zip.GetEntry("xl/workbook.xml");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is null) return null;
        string? relId = null;
        using (var r = XmlReader.Create(workbook.Open(), Settings))
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
            using var r = XmlReader.Create(rels.Open(), Settings);
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
