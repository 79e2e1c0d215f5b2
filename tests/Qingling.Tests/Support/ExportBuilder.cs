using System.Text;
using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Import;
using Qingling.Data.Export;

namespace Qingling.Tests.Support;

/// <summary>Builds small export files for tests: households from the generator, then edits cell by cell.</summary>
public sealed class ExportBuilder
{
    readonly List<List<string>> _rows = [];
    public List<string> Headers { get; } = ExportLayout.Headers.ToList();
    public List<string> TitleRows { get; } = [.. ExportFileWriter.TitleRows];

    public static ExportBuilder FromTown(int households, int seed = 5, int year = 2022)
    {
        var b = new ExportBuilder();
        foreach (var h in new TownGenerator(TownProfile.Mengyong, seed, year).Generate(households)) b.Add(h);
        return b;
    }

    public ExportBuilder Add(GeneratedHousehold h)
    {
        foreach (var r in ExportLayout.Rows(h)) _rows.Add(r.Select(Text).ToList());
        return this;
    }

    static string Text(object v) => v switch
    {
        decimal d => Money.Invariant(d),
        _ => v.ToString() ?? "",
    };

    public int RowCount => _rows.Count;

    /// <summary>The 1-based row number a data row has in the written file.</summary>
    public int FileRow(int dataRow) => TitleRows.Count + 2 + dataRow;

    public string Get(int dataRow, string column) => _rows[dataRow][Headers.IndexOf(column)];

    public ExportBuilder Set(int dataRow, string column, string value)
    {
        _rows[dataRow][Headers.IndexOf(column)] = value;
        return this;
    }

    /// <summary>Sets a household column on every row of that household, as a consistent export would.</summary>
    public ExportBuilder SetHousehold(string householdCode, string column, string value)
    {
        var code = Headers.IndexOf("户编号");
        foreach (var r in _rows.Where(r => r[code] == householdCode)) r[Headers.IndexOf(column)] = value;
        return this;
    }

    public ExportBuilder RemoveRow(int dataRow)
    {
        _rows.RemoveAt(dataRow);
        return this;
    }

    public ExportBuilder CopyRow(int dataRow)
    {
        _rows.Add([.. _rows[dataRow]]);
        return this;
    }

    public ExportBuilder RenameColumn(string from, string to)
    {
        Headers[Headers.IndexOf(from)] = to;
        return this;
    }

    /// <summary>Appends a column with the same value on every row.</summary>
    public ExportBuilder AddColumn(string header, string value)
    {
        Headers.Add(header);
        foreach (var r in _rows) r.Add(value);
        return this;
    }

    public IEnumerable<int> RowsOf(string householdCode) =>
        Enumerable.Range(0, _rows.Count).Where(i => _rows[i][Headers.IndexOf("户编号")] == householdCode);

    public string WriteCsv(string path, Encoding? encoding = null)
    {
        var sb = new StringBuilder();
        foreach (var t in TitleRows) sb.Append(Escape(t)).Append('\n');
        sb.Append(string.Join(",", Headers.Select(Escape))).Append('\n');
        foreach (var r in _rows) sb.Append(string.Join(",", r.Select(Escape))).Append('\n');
        File.WriteAllText(path, sb.ToString(), encoding ?? new UTF8Encoding(false));
        return path;
    }

    public string WriteXlsx(string path)
    {
        var keys = Headers.Select((_, i) => $"c{i}").ToArray();
        var rows = new List<Dictionary<string, object?>>();
        foreach (var t in TitleRows) rows.Add(keys.Select((k, i) => (k, (object?)(i == 0 ? t : null))).ToDictionary(p => p.k, p => p.Item2));
        rows.Add(keys.Select((k, i) => (k, (object?)Headers[i])).ToDictionary(p => p.k, p => p.Item2));
        foreach (var r in _rows) rows.Add(keys.Select((k, i) => (k, (object?)r[i])).ToDictionary(p => p.k, p => p.Item2));
        MiniExcelLibs.MiniExcel.SaveAs(path, rows, printHeader: false, overwriteFile: true);
        return path;
    }

    static string Escape(string s) => CsvText.Escape(s);

    /// <summary>A household with the given shape, for tests that need exact figures.</summary>
    public static GeneratedHousehold Household(int index, HouseholdType type, int size, bool? labour, decimal perCapita, int year = 2022) =>
        new TownGenerator(TownProfile.Mengyong, 11, year).Make(index, index * 10, "芒来村", 1, new Random(index), type, size, labour, perCapita);
}
