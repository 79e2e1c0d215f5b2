using MiniExcelLibs;
using Qingling.Core.Users;
using Qingling.Web.Web;

namespace Qingling.Web.Exports;

/// <summary>
/// Every Excel file the web hands out: a title row saying what it holds (plan, scope, data date, who exported it, when), the
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

    public static MemoryStream Write(string title, IReadOnlyList<Dictionary<string, object?>> rows, string sheet)
    {
        var headers = rows.Count == 0 ? ["说明"] : rows[0].Keys.ToList();
        var keys = headers.Select((_, i) => $"c{i}").ToArray();
        IEnumerable<IDictionary<string, object?>> Lines()
        {
            yield return keys.Select((k, i) => (k, v: i == 0 ? (object?)title : null)).ToDictionary(p => p.k, p => p.v);
            yield return keys.Select((k, i) => (k, v: (object?)headers[i])).ToDictionary(p => p.k, p => p.v);
            if (rows.Count == 0) yield return new Dictionary<string, object?> { [keys[0]] = "无数据" };
            foreach (var row in rows) yield return keys.Select((k, i) => (k, v: Cell(row.GetValueOrDefault(headers[i])))).ToDictionary(p => p.k, p => p.v);
        }
        var stream = new MemoryStream();
        stream.SaveAs(Lines(), printHeader: false, sheetName: sheet);
        stream.Position = 0;
        return stream;
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

    public static IResult File(string title, IReadOnlyList<Dictionary<string, object?>> rows, string fileName, string sheet) =>
        Results.File(Write(title, rows, sheet), ContentType, fileName);
}
