namespace Qingling.Data.Export;

/// <summary>
/// One CSV cell as every CSV writer of the system writes it (exports, CLI --format csv, import problem lists):
/// RFC 4180 quoting (a field with a comma, quote or line break is quoted, quotes doubled), and formula
/// neutralising as OWASP recommends: a cell starting with =, +, -, @, tab or carriage return gets a leading
/// apostrophe, so Excel or WPS shows it as text instead of running it. A plain number (-1234.50) is a number,
/// not a formula, and stays as it is in every column, so negative amounts still sum in a spreadsheet.
/// </summary>
public static class CsvText
{
    public static string Escape(string s)
    {
        if (s.Length > 0 && "=+-@\t\r".Contains(s[0]) && !IsPlainNumber(s)) s = "'" + s;
        return s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    /// <summary>An optional minus, digits, and optionally a point and digits: what the writers produce for numbers.</summary>
    static bool IsPlainNumber(string s)
    {
        var i = s[0] == '-' ? 1 : 0;
        var digits = 0;
        var point = false;
        for (; i < s.Length; i++)
        {
            if (char.IsAsciiDigit(s[i])) digits++;
            else if (s[i] == '.' && !point && digits > 0) point = true;
            else return false;
        }
        return digits > 0 && s[^1] != '.';
    }
}
