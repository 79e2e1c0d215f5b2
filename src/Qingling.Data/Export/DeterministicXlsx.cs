using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Qingling.Data.Export;

/// <summary>
/// MiniExcel stamps each zip entry with the time of writing and names the sheet's relationship with a random id, so
/// the same rows gave different bytes each run. Rewriting the package with a fixed time and numbered ids makes a
/// generated export the same bytes for the same seed, as the generator promises.
/// </summary>
static partial class DeterministicXlsx
{
    static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Normalize(string path)
    {
        var temporary = path + ".tmp";
        using (var source = ZipFile.OpenRead(path))
        using (var target = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            // The random ids, numbered in the order the workbook's relationships list them.
            var ids = new Dictionary<string, string>();
            if (source.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
            {
                using var reader = new StreamReader(rels.Open(), Encoding.UTF8);
                foreach (Match m in RandomId().Matches(reader.ReadToEnd()))
                    ids.TryAdd(m.Value, $"rId{ids.Count + 1}");
            }
            foreach (var entry in source.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Fastest);
                copy.LastWriteTime = FixedTime;
                using var input = entry.Open();
                using var output = copy.Open();
                if (entry.FullName is "xl/workbook.xml" or "xl/_rels/workbook.xml.rels")
                {
                    using var reader = new StreamReader(input, Encoding.UTF8);
                    var text = RandomId().Replace(reader.ReadToEnd(), m => ids.GetValueOrDefault(m.Value, m.Value));
                    var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                    output.Write(bytes);
                }
                else input.CopyTo(output);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex("R[0-9a-f]{32}")]
    private static partial Regex RandomId();
}
