using System.Globalization;

namespace Qingling.Web.Web;

/// <summary>How values read on pages: zh-CN, yuan with separators, fractions as percentages.</summary>
public static partial class Show
{
    static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    public static string Value(decimal? value, string unit) => Core.Indicators.Units.Show(value, unit);

    public static string Yuan(decimal? value) => value is { } v ? v.ToString("#,##0.00", Zh) : "—";

    /// <summary>
    /// A trace line's before/after for a page, cut to <paramref name="max"/> characters. Lines written before the birth
    /// date left the register still hold it beside the old mask, which together complete an ID number; the trace is
    /// append-only and is not rewritten, so the date is cut to its year where it is shown.
    /// </summary>
    public static string? Trace(string? json, int max = 300)
    {
        if (json is null) return null;
        var safe = OldBirthDate().Replace(json, m => $"\"出生年份\":\"{m.Groups[1].Value}\"");
        return safe.Length > max ? safe[..max] + "…" : safe;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"出生日期\"\\s*:\\s*\"(\\d{4})-\\d{2}-\\d{2}\"")]
    private static partial System.Text.RegularExpressions.Regex OldBirthDate();

    /// <summary>UTC timestamps are shown in China time.</summary>
    public static string Time(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), China).ToString("yyyy-MM-dd HH:mm");

    static readonly TimeZoneInfo China = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var tz) ? tz : TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "China", "China");
}
