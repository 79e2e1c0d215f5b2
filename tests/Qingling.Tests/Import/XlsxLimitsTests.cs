using System.IO.Compression;
using System.Text;
using Qingling.Data.Import;

namespace Qingling.Tests.Import;

/// <summary>
/// The .xlsx reader's limits, each reached with a small package built here (the corpus holds the files at the
/// default limits): shared strings by count and by characters, a part's size, and a part whose central
/// directory understates its size.
/// </summary>
public class XlsxLimitsTests
{
    const string Workbook = """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""";
    const string Rels = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""";
    const string Sheet = """<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>""";

    static string Package(string folder, string sharedStrings, string sheet = Sheet)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".xlsx");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in new[] { ("xl/workbook.xml", Workbook), ("xl/_rels/workbook.xml.rels", Rels), ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", sharedStrings) })
        {
            using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            w.Write(text);
        }
        return path;
    }

    static string Strings(int count, int length) =>
        """<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""" +
        string.Concat(Enumerable.Range(0, count).Select(i => $"<si><t>{new string('字', length)}</t></si>")) + "</sst>";

    static string Refusal(string path, XlsxLimits limits)
    {
        var e = Assert.Throws<ImportFileException>(() =>
        {
            using var reader = new XlsxRowReader(path, limits);
            while (reader.Read()) { }
        });
        return e.Message;
    }

    [Fact]
    public void The_shared_string_table_is_capped_by_count_and_by_characters()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-xlsx-").FullName;
        try
        {
            var path = Package(folder, Strings(11, 5));
            Assert.Contains("共享字符串表超过 10 项", Refusal(path, new XlsxLimits { MaxSharedStrings = 10 }));
            Assert.Contains("共享字符串表超过 50 个字符", Refusal(path, new XlsxLimits { MaxSharedChars = 50 }));
            using var fine = new XlsxRowReader(path, new XlsxLimits { MaxSharedStrings = 11, MaxSharedChars = 55 });
            Assert.True(fine.Read());
            Assert.Equal("字字字字字", fine.Cells[0]);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void A_part_bigger_than_the_cap_is_refused_before_it_is_unpacked()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-xlsx-").FullName;
        try
        {
            var message = Refusal(Package(folder, Strings(200, 20)), new XlsxLimits { MaxEntryBytes = 4096 });
            Assert.Contains("xl/sharedStrings.xml", message);
            Assert.Contains("超过上限 4 KiB", message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void A_part_that_understates_its_size_is_unpacked_no_further_than_it_says()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-xlsx-").FullName;
        try
        {
            var path = Package(folder, Strings(1, 3) + new string(' ', 3 << 20));
            // Rewrite the shared strings' uncompressed size, in its local header and in the central directory, to 100 bytes.
            var bytes = File.ReadAllBytes(path);
            var name = Encoding.ASCII.GetBytes("xl/sharedStrings.xml");
            var patched = 0;
            for (var i = 0; i + 46 < bytes.Length; i++)
            {
                var local = bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name);
                var central = bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name);
                if (!local && !central) continue;
                BitConverter.TryWriteBytes(bytes.AsSpan(i + (local ? 22 : 24), 4), 100u);
                patched++;
            }
            Assert.Equal(2, patched);
            File.WriteAllBytes(path, bytes);

            // The 3 MiB behind the stated 100 bytes are never unpacked: the XML simply ends there, and is refused.
            // (The guard's own count of unpacked bytes is a second line behind this one.)
            var message = Refusal(path, XlsxLimits.Default);
            Assert.StartsWith("xl/sharedStrings.xml 不是有效的 XML", message);
        }
        finally { Directory.Delete(folder, true); }
    }
}
