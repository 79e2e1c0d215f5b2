using MiniExcelLibs;
using Qingling.Core.Users;
using Qingling.Web.Web;

namespace Qingling.Web.Exports;

/// <summary>
/// Every list the web hands out as Excel (the region workbook, a few rows per region, is its own): a title row saying what it holds (plan, scope, data date, who exported it, when), the
/// Chinese header row, the rows, on a sheet named for its content. A sheet printed or forwarded on its own still says where
/// it came from, as the national system's exports do.
/// </summary>
public static class XlsxExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The title row's text; the plan is left out where the content is not a plan's (the trace).</summary>
    public static string Title(string what, string? plan, string scope, string dataDate, User by, DateTime atUtc) =>
        $"{what}{(plan is null ? "" : $"　方案：{plan}")}　范围：{scope}　数据：{dataDate}　导出人：{by.DisplayName}（{by.UserName}）　导出时间：{Show.Time(atUtc)}（北京时间）";

    /// <summary>The scope a user's export covers: the whole town, or the villages or department the account is limited to.</summary>
    public static string Scope(User user, string? filter = null)
    {
        var own = user.Role switch
        {
            Role.Village => string.Join("、", user.VillageList),
            Role.Department => user.Department ?? "本单位",
            Role.Region => "本账号所辖区域",
            _ => "全镇",
        };
        return string.IsNullOrEmpty(filter) ? own : $"{own}，{filter}";
    }

    /// <summary>
    /// The workbook, written row by row as <paramref name="rows"/> are enumerated into a temporary file (owner-only, deleted
    /// when the returned stream is closed): the workbook is not held in memory, and rows enumerated lazily are not either
    /// (a list the caller built still is), so a long export costs disk, not the server's memory.
    /// </summary>
    public static Stream Write(string title, IEnumerable<Dictionary<string, object?>> rows, string sheet)
    {
        using var each = rows.GetEnumerator();
        var first = each.MoveNext() ? each.Current : null;
        var headers = first is null ? ["说明"] : first.Keys.ToList();
        var keys = headers.Select((_, i) => $"c{i}").ToArray();
        IEnumerable<IDictionary<string, object?>> Lines()
        {
            yield return keys.Select((k, i) => (k, v: i == 0 ? (object?)title : null)).ToDictionary(p => p.k, p => p.v);
            yield return keys.Select((k, i) => (k, v: (object?)headers[i])).ToDictionary(p => p.k, p => p.v);
            if (first is null) { yield return new Dictionary<string, object?> { [keys[0]] = "无数据" }; yield break; }
            yield return Line(first);
            while (each.MoveNext()) yield return Line(each.Current);
        }
        Dictionary<string, object?> Line(Dictionary<string, object?> row) =>
            keys.Select((k, i) => (k, v: Cell(row.GetValueOrDefault(headers[i])))).ToDictionary(p => p.k, p => p.v);
        // .NET creates temporary files readable by their owner only (mkstemp); DeleteOnClose removes it with the response.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            file.SaveAs(Lines(), printHeader: false, sheetName: sheet);
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The most characters a cell holds: Excel refuses a longer one (and so does the import of such a file).</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>A value as written: a text too long for a cell is cut, and says so within the limit.</summary>
    static object? Cell(object? value)
    {
        if (value is not string { Length: > MaxCellChars } text) return value;
        var note = $"…（共{text.Length:N0}字，超出单元格上限，已截断）";
        return text[..Web.TraceView.Whole(text, MaxCellChars - note.Length)] + note;
    }

    public static IResult File(string title, IEnumerable<Dictionary<string, object?>> rows, string fileName, string sheet) =>
        Results.File(Write(title, rows, sheet), ContentType, fileName);
}
