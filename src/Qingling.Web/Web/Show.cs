using System.Globalization;

namespace Qingling.Web.Web;

/// <summary>How values read on pages: zh-CN, yuan with separators, fractions as percentages.</summary>
public static class Show
{
    static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    public static string Value(decimal? value, string unit) => Core.Indicators.Units.Show(value, unit);

    public static string Yuan(decimal? value) => value is { } v ? v.ToString("#,##0.00", Zh) : "—";

    /// <summary>UTC timestamps are shown in China time.</summary>
    public static string Time(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), China).ToString("yyyy-MM-dd HH:mm");

    static readonly TimeZoneInfo China = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var tz) ? tz : TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "China", "China");
}
