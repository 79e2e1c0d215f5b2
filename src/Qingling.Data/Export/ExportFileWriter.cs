using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Qingling.Core.Demo;
using Qingling.Core.Import;
using Qingling.Data.Import;

namespace Qingling.Data.Export;

/// <summary>Writes households in the national system's member-export format, as .xlsx or .csv.</summary>
public static class ExportFileWriter
{
    /// <summary>Title rows above the header, as the national system's exports have them.</summary>
    public static readonly string[] TitleRows = ["全国防止返贫监测信息系统 家庭成员信息（合成数据，证件号码地址码99xxxx，不对应任何真实人员）"];

    /// <summary>Writes the file; returns the number of member rows.</summary>
    public static long Write(string path, IEnumerable<GeneratedHousehold> households, string? encoding = null, Action<long>? progress = null)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        long rows = 0;
        IEnumerable<object[]> Rows()
        {
            foreach (var h in households)
            {
                foreach (var r in ExportLayout.Rows(h))
                {
                    rows++;
                    if ((rows & 0xFFFF) == 0) progress?.Invoke(rows);
                    yield return r;
                }
            }
        }
        switch (ext)
        {
            case ".xlsx": WriteXlsx(path, Rows()); break;
            case ".csv": WriteCsv(path, Rows(), encoding is null ? new UTF8Encoding(true) : Encodings.Get(encoding)); break;
            default: throw new ArgumentException($"不支持的输出类型“{ext}”，请用 .xlsx 或 .csv");
        }
        progress?.Invoke(rows);
        return rows;
    }

    static void WriteCsv(string path, IEnumerable<object[]> rows, Encoding encoding)
    {
        using var writer = new StreamWriter(path, false, encoding, 1 << 16);
        foreach (var title in TitleRows) writer.Write(Escape(title) + "\n");
        writer.Write(string.Join(",", ExportLayout.Headers.Select(Escape)) + "\n");
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(Escape(Text(row[i])));
            }
            line.Append('\n');
            writer.Write(line);
        }
    }

    static void WriteXlsx(string path, IEnumerable<object[]> rows)
    {
        var keys = Enumerable.Range(0, ExportLayout.Headers.Count).Select(i => $"c{i}").ToArray();
        IEnumerable<IDictionary<string, object?>> Dictionaries()
        {
            foreach (var title in TitleRows) yield return keys.Select((k, i) => (k, (object?)(i == 0 ? title : null))).ToDictionary(p => p.k, p => p.Item2);
            yield return keys.Select((k, i) => (k, (object?)ExportLayout.Headers[i])).ToDictionary(p => p.k, p => p.Item2);
            var row = new Dictionary<string, object?>(keys.Length);
            foreach (var r in rows)
            {
                for (var i = 0; i < keys.Length; i++) row[keys[i]] = r[i];
                yield return row;
            }
        }
        if (File.Exists(path)) File.Delete(path);
        MiniExcel.SaveAs(path, Dictionaries(), printHeader: false);
        DeterministicXlsx.Normalize(path);
    }

    static string Text(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string Escape(string s) => CsvText.Escape(s);
}
