using System.Text.RegularExpressions;

namespace Qingling.Core.Assessment;

/// <summary>A period scored: a month (2023-05), a quarter (2023Q2) or a year (2023), from its first to its last day.</summary>
public sealed partial record AssessmentPeriod(string Key, string Kind, DateOnly From, DateOnly To)
{
    public const string Month = "month", Quarter = "quarter", Year = "year";
    public static readonly IReadOnlyList<string> Kinds = [Month, Quarter, Year];

    public static string KindName(string kind) => kind switch { Month => "月度", Quarter => "季度", Year => "年度", _ => kind };
    public static string Example(string kind) => kind switch { Month => "2023-05", Quarter => "2023Q2", _ => "2023" };

    public string Name => Kind switch
    {
        Month => $"{From.Year}年{From.Month}月",
        Quarter => $"{From.Year}年第{(From.Month - 1) / 3 + 1}季度",
        _ => $"{From.Year}年",
    };

    /// <summary>Parses a period written as the plan's kind asks; null with the reason when it is not one.</summary>
    public static AssessmentPeriod? Parse(string text, string kind, out string? problem)
    {
        problem = null;
        var t = text.Trim().ToUpperInvariant();
        var m = PeriodPattern().Match(t);
        if (!m.Success)
        {
            problem = $"考核期“{text}”无法识别：应写作 2023-05（月）、2023Q2（季度）或 2023（年度）";
            return null;
        }
        var year = int.Parse(m.Groups["y"].Value);
        var found = m.Groups["q"].Success ? Quarter : m.Groups["m"].Success ? Month : Year;
        if (found != kind)
        {
            problem = $"方案的考核周期为{KindName(kind)}，考核期应写作 {Example(kind)} 这样的形式，而不是“{text}”";
            return null;
        }
        if (year is < 2000 or > 2100) { problem = $"考核期“{text}”的年份应在2000到2100之间"; return null; }
        switch (found)
        {
            case Quarter:
                var q = int.Parse(m.Groups["q"].Value);
                if (q is < 1 or > 4) { problem = $"考核期“{text}”的季度应为1到4"; return null; }
                return Of(kind, year, q);
            case Month:
                var month = int.Parse(m.Groups["m"].Value);
                if (month is < 1 or > 12) { problem = $"考核期“{text}”的月份应为1到12"; return null; }
                return Of(kind, year, month);
            default:
                return Of(kind, year, 1);
        }
    }

    /// <summary>The <paramref name="index"/>th period of the kind in a year (month 1–12, quarter 1–4, the year itself 1).</summary>
    public static AssessmentPeriod Of(string kind, int year, int index) => kind switch
    {
        Month => new($"{year}-{index:00}", kind, new DateOnly(year, index, 1), new DateOnly(year, index, DateTime.DaysInMonth(year, index))),
        Quarter => new($"{year}Q{index}", kind, new DateOnly(year, index * 3 - 2, 1), new DateOnly(year, index * 3, DateTime.DaysInMonth(year, index * 3))),
        _ => new($"{year}", kind, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
    };

    /// <summary>The period of the kind that holds <paramref name="date"/>.</summary>
    public static AssessmentPeriod Containing(string kind, DateOnly date) => kind switch
    {
        Month => Of(Month, date.Year, date.Month),
        Quarter => Of(Quarter, date.Year, (date.Month - 1) / 3 + 1),
        _ => Of(Year, date.Year, 1),
    };

    /// <summary>The period before this one, of the same kind.</summary>
    public AssessmentPeriod Previous() => Kind switch
    {
        Month => From.Month == 1 ? Of(Month, From.Year - 1, 12) : Of(Month, From.Year, From.Month - 1),
        Quarter => From.Month == 1 ? Of(Quarter, From.Year - 1, 4) : Of(Quarter, From.Year, (From.Month - 1) / 3),
        _ => Of(Year, From.Year - 1, 1),
    };

    /// <summary>The periods of a year, in order.</summary>
    public static IReadOnlyList<AssessmentPeriod> InYear(string kind, int year) => kind switch
    {
        Month => Enumerable.Range(1, 12).Select(i => Of(kind, year, i)).ToList(),
        Quarter => Enumerable.Range(1, 4).Select(i => Of(kind, year, i)).ToList(),
        _ => [Of(kind, year, 1)],
    };

    [GeneratedRegex(@"^(?<y>\d{4})(?:Q(?<q>\d)|-(?<m>\d{1,2}))?$")]
    private static partial Regex PeriodPattern();
}
