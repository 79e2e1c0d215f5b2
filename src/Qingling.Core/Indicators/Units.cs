using System.Globalization;

namespace Qingling.Core.Indicators;

/// <summary>How an indicator's value reads with its unit, the same on pages, tables and review packs.</summary>
public static class Units
{
    static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>Fractions as percentages, yuan with separators, counts with their unit; "—" when there is no value.</summary>
    public static string Show(decimal? value, string unit) => value switch
    {
        null => "—",
        { } v when unit == "%" => (v * 100).ToString("0.##", Zh) + "%",
        { } v when unit == "元" => v.ToString("#,##0.##", Zh) + "元",
        { } v => v.ToString("0.##", Zh) + unit,
    };
}
