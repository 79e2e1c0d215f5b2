using System.Globalization;

namespace Qingling.Core.Income;

/// <summary>Rounding and display of yuan amounts.</summary>
public static class Money
{
    /// <summary>Rounds half away from zero to fen, as shown to people.</summary>
    public static decimal Round(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);

    static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>Display form, e.g. 9,999.99.</summary>
    public static string Show(decimal yuan) => yuan.ToString("#,##0.00", Zh);

    /// <summary>File form: invariant, no grouping.</summary>
    public static string Invariant(decimal yuan) => yuan.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Parses an amount the way exports write it: invariant, optional thousands separators, at most 2 decimals.</summary>
    public static bool TryParse(string text, out decimal yuan, out string? problem)
    {
        problem = null;
        var t = text.Trim().Replace(",", "").Replace("，", "");
        if (t.Length == 0) { yuan = 0; return true; }
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out yuan))
        {
            problem = "不是数字";
            return false;
        }
        if (yuan < 0) { problem = "金额不能为负数"; return false; }
        if (yuan != Round(yuan)) { problem = "金额最多两位小数"; return false; }
        if (yuan > 1_000_000_000m) { problem = "金额超出合理范围"; return false; }
        return true;
    }
}
