using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Qingling.Data.Audit;
using Qingling.Tests.Support;
using Qingling.Web.Exports;
using Qingling.Web.Web;

namespace Qingling.Tests.Web;

/// <summary>
/// 留痕 with a line of a megabyte (a frozen baseline list holds every household of it): the page shows the list cut with
/// its count, the export keeps every cell within Excel's limit, and what the page keeps between views follows new lines.
/// </summary>
public class TracePageTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static string Codes(int count, int from = 0) =>
        JsonSerializer.Serialize(Enumerable.Range(from, count).Select(i => new Dictionary<string, object> { ["户编号"] = $"99000000{i:D4}", ["人口"] = 3 }).ToList());

    [Fact]
    public void A_long_list_is_cut_with_its_count_and_a_change_past_the_cut_is_still_a_change()
    {
        var fields = TraceView.Fields(Codes(20_000), Codes(20_000, 1));
        var field = Assert.Single(fields);
        Assert.True(field.Changed, "the two lists differ, though not in what is shown");
        Assert.True(field.After!.Length <= TraceView.PageChars + 40, $"{field.After.Length} characters shown");
        Assert.Matches("…（共20,000项，此处列出前\\d+项）$", field.After);
        Assert.StartsWith("户编号：990000000001；人口：3、", field.After);
        var same = Assert.Single(TraceView.Fields(Codes(3), Codes(3)));
        Assert.False(same.Changed);
        Assert.DoesNotContain("共", same.After);
        var export = Assert.Single(TraceView.Fields(null, Codes(20_000), TraceView.ExportChars));
        Assert.InRange(export.After!.Length, TraceView.PageChars * 2, TraceView.ExportChars + 40);
        var text = Assert.Single(TraceView.Fields(null, JsonSerializer.Serialize(new { 说明 = new string('甲', 5_000) })));
        Assert.Equal(new string('甲', TraceView.PageChars) + "…（共5,000字）", text.After);
    }

    [Fact]
    public void An_export_cell_longer_than_excel_allows_is_cut_and_says_so()
    {
        using var stream = XlsxExport.Write("标题", [new Dictionary<string, object?> { ["内容"] = new string('乙', 40_000), ["数"] = 3 }], "表");
        var row = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2").Cast<IDictionary<string, object?>>().Single();
        var cell = (string)row["内容"]!;
        Assert.Equal(XlsxExport.MaxCellChars, cell.Length);
        Assert.EndsWith("…（共40,000字，超出单元格上限，已截断）", cell);
        Assert.Equal(3d, Convert.ToDouble(row["数"]));
    }

    /// <summary>
    /// A workbook is written as its rows are enumerated, into an owner-only temporary file that goes with the stream: the
    /// rows are read once and in order, and nothing is left on disk.
    /// </summary>
    [Fact]
    public void An_export_is_written_row_by_row_to_a_private_file_deleted_with_its_stream()
    {
        var enumerated = 0;
        IEnumerable<Dictionary<string, object?>> Rows()
        {
            for (var i = 1; i <= 3_000; i++) { enumerated++; yield return new Dictionary<string, object?> { ["户编号"] = $"99{i:0000000000}", ["人口"] = i % 7 }; }
        }
        string path;
        using (var stream = XlsxExport.Write("标题", Rows(), "清零对象"))
        {
            path = Assert.IsType<FileStream>(stream).Name;
            Assert.Equal(3_000, enumerated);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(3_000, rows.Count);
            Assert.Equal("990000003000", rows[^1]["户编号"]);
        }
        Assert.False(File.Exists(path));
        using var empty = XlsxExport.Write("标题", [], "清零对象");
        Assert.Equal(["说明", "无数据"], MiniExcelLibs.MiniExcel.Query(empty, startCell: "A2").Cast<IDictionary<string, object?>>().Select(r => r["A"]));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_megabyte_line_is_shown_cut_exported_within_the_cell_limit_and_new_lines_are_counted(string provider)
    {
        var db = await web.Database(provider);
        const string actor = "长名单测试";
        void Add(string json)
        {
            using var c = db.Store.CreateContext();
            AuditLog.Add(c, actor, "新增", "基准名单", "冻结测试名单", after: json);
            c.SaveChanges();
        }
        Add(Codes(20_000));
        var admin = await web.Client(provider, "admin");
        var url = "/Trace?user=" + Uri.EscapeDataString(actor);
        var page = await admin.GetStringAsync(url);
        Assert.Contains("id=\"trace-count\">1<", page);
        Assert.Contains("共20,000项，此处列出前", page);
        Assert.True(page.Length < 100_000, $"the page is {page.Length:N0} characters");
        Assert.Contains(">" + actor + "</option>", page);

        // A line added after the page was seen is counted and shown: what the page keeps is keyed by the trace's end.
        Add(Codes(2));
        var again = await admin.GetStringAsync(url);
        Assert.Contains("id=\"trace-count\">2<", again);
        Assert.Equal(2, Regex.Matches(again, "data-entry=\"").Count);
        Assert.Contains("户编号：990000000001；人口：3", again);

        var export = await admin.GetAsync("/export/trace.xlsx?user=" + Uri.EscapeDataString(actor));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var stream = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        var long_ = rows.Select(r => (string)r["修改内容"]!).Single(t => t.Contains("共20,000项"));
        Assert.InRange(long_.Length, TraceView.PageChars, XlsxExport.MaxCellChars);
    }
}
