namespace Qingling.Core.Households;

/// <summary>
/// 18-character resident ID number (GB 11643): address code, birth date, sequence, check character.
/// </summary>
public static class IdNumber
{
    static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const string CheckChars = "10X98765432";

    /// <summary>ISO 7064 MOD 11-2 check character for the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    /// <summary>Normalises (trims, upper-case x) and validates; returns the reason in Chinese when invalid.</summary>
    public static bool TryValidate(string raw, out string normalized, out string? problem)
    {
        normalized = raw.Trim().ToUpperInvariant();
        problem = null;
        if (normalized.Length != 18) { problem = $"证件号码应为18位，实为{normalized.Length}位"; return false; }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(normalized[i])) { problem = $"证件号码第{i + 1}位不是数字"; return false; }
        }
        var last = normalized[17];
        if (!char.IsAsciiDigit(last) && last != 'X') { problem = "证件号码末位应为数字或X"; return false; }
        if (BirthDate(normalized) is null) { problem = $"证件号码中的出生日期{normalized.Substring(6, 8)}不是有效日期"; return false; }
        var expected = CheckCharacter(normalized);
        if (expected != last) { problem = $"证件号码校验位错误（应为{expected}）"; return false; }
        return true;
    }

    /// <summary>Birth date encoded in a (syntactically valid) ID number, or null when it is not a date.</summary>
    public static DateOnly? BirthDate(string id)
    {
        if (!int.TryParse(id.AsSpan(6, 4), out var y) || !int.TryParse(id.AsSpan(10, 2), out var m) || !int.TryParse(id.AsSpan(12, 2), out var d))
            return null;
        if (y < 1880 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Clamp(y, 1, 9999), m)) return null;
        return new DateOnly(y, m, d);
    }

    /// <summary>Sex from the sequence digit: odd is male.</summary>
    public static Sex SexOf(string id) => (id[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>
    /// What users see by default: the address code and the check character, the rest hidden. Birth date and
    /// sequence stay hidden together: with the birth year and sex that pages show, about 16,000 numbers still fit
    /// (365 days × 500 sequences ÷ 11 check characters), where the old "first 6, last 4" mask beside a full birth
    /// date left exactly one.
    /// </summary>
    public static string Mask(string id) =>
        id.Length <= 7 ? new string('*', id.Length) : string.Concat(id.AsSpan(0, 6), new string('*', id.Length - 7), id.AsSpan(id.Length - 1));

    /// <summary>Builds a valid ID from address code, birth date and sequence (used by the synthetic generator).</summary>
    public static string Create(string addressCode, DateOnly birth, int sequence)
    {
        var first17 = $"{addressCode}{birth:yyyyMMdd}{sequence:000}";
        return first17 + CheckCharacter(first17);
    }
}
