namespace Qingling.Data.Import;

/// <summary>A spreadsheet-like file read row by row: 1-based row number and the row's cells as text.</summary>
public interface IRowReader : IDisposable
{
    /// <summary>Moves to the next non-empty row; false at the end.</summary>
    bool Read();
    int Row { get; }
    IReadOnlyList<string> Cells { get; }
    /// <summary>0–1, how far through the file the reader is, for progress bars.</summary>
    double Progress { get; }
}

/// <summary>Opens an export by its extension.</summary>
public static class ExportFile
{
    public static IRowReader Open(string path, string? encoding = null)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".xlsx" => new XlsxRowReader(path),
            ".csv" or ".txt" => new CsvRowReader(path, encoding),
            ".xls" => throw new InvalidDataException($"{Path.GetFileName(path)}：不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再导入"),
            _ => throw new InvalidDataException($"{Path.GetFileName(path)}：不支持的文件类型“{ext}”，请使用 .xlsx 或 .csv"),
        };
    }
}
