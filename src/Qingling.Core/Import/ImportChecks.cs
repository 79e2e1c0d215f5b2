namespace Qingling.Core.Import;

/// <summary>
/// The settings the row checks depend on: today's date (nobody is born after it, no year after the next is
/// recorded) and the age past which labour is unusual enough to warn about.
/// </summary>
public sealed record ImportChecks(DateOnly Today, int MaxWorkingAge = ImportChecks.DefaultMaxWorkingAge)
{
    /// <summary>Above this age 普通/技能劳动力 is warned about: the usual working-age ceiling, as for microcredit borrowers.</summary>
    public const int DefaultMaxWorkingAge = 65;

    /// <summary>Under this age a member has no labour (national rule: 未满16周岁为无劳动力).</summary>
    public const int MinLabourAge = 16;

    /// <summary>The first year the national records hold (精准扶贫 registration began in 2013/2014).</summary>
    public const int FirstYear = 2013;

    public static ImportChecks Now() => new(DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>The last year an import may be for: income is recorded at most for the coming year.</summary>
    public int LastYear => Today.Year + 1;

    public bool IsPlausibleYear(int year) => year >= FirstYear && year <= LastYear;

    public string YearRange => $"{FirstYear}年至{LastYear}年";

    /// <summary>Where the user gives the year when the file has none: the CLI's option, or the web form's field (a web user has no command line).</summary>
    public string YearHint { get; init; } = "请用 --year 指定";

    /// <summary>The one message for a file whose year cannot be known.</summary>
    public string NoYear => $"无法确定收入所属年度：{YearHint}，或在文件中提供“年度”列";

    /// <summary>Whole years of age on <paramref name="on"/>.</summary>
    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on < birth.AddYears(age)) age--;
        return age;
    }
}
