using System.Text;
using System.Text.RegularExpressions;
using Qingling.Core.Income;

namespace Qingling.Core.Showcase;

/// <summary>A measure as a case write-up tells it: what, by whom, how far, and the income it was verified with.</summary>
public sealed record ShowcaseMeasure(string Channel, string Description, string Department, string Status, DateOnly Start, DateOnly End, bool Verified, decimal VerifiedIncome)
{
    /// <summary>The channel's key (industry, employment …), for listing cases by channel.</summary>
    public string ChannelKey { get; init; } = "";
}

/// <summary>The recorded facts a 典型案例 is drafted from.</summary>
public sealed record ShowcaseFacts(
    string Village, int Persons, string Diagnosis, string Wishes, IReadOnlyList<ShowcaseMeasure> Measures,
    HouseholdIncome Before, HouseholdIncome After, bool AfterIsProjected, IReadOnlyList<string> Words, int OpenAlerts);

/// <summary>
/// 选树典型: whether a household's case may be shown as an example, and its draft write-up in Chinese. Only a case the
/// record supports qualifies (a verified measure, income up, no integrity alert), and the text names no one: the household
/// is 某某, and number runs that could be an ID or phone number are masked.
/// </summary>
public static partial class ShowcaseDraft
{
    public static IReadOnlyList<string> Problems(ShowcaseFacts f)
    {
        var problems = new List<string>();
        if (!f.Measures.Any(m => m.Verified)) problems.Add("没有以实际收入核实的帮扶措施");
        // Confirmed income: a measure marked verified whose income was never entered is a claim, not a result.
        else if (!f.Measures.Any(m => m.Verified && m.VerifiedIncome > 0)) problems.Add("核实的措施没有录入实际增收");
        if (f.Before.PerCapitaNetIncome is not { } before || f.After.PerCapitaNetIncome is not { } after || after <= before)
            problems.Add($"人均纯收入没有增长（{f.Before.Year}年{Show(f.Before.PerCapitaNetIncome)}元，{f.After.Year}年{Show(f.After.PerCapitaNetIncome)}元）");
        if (f.OpenAlerts > 0) problems.Add($"有{f.OpenAlerts}条诚信预警未解决");
        return problems;
    }

    public static string Write(ShowcaseFacts f, string planName)
    {
        var o = new StringBuilder();
        var (b, a) = (f.Before, f.After);
        o.AppendLine($"{f.Village}脱贫户某某家：一户一策促增收（典型案例草稿）");
        o.AppendLine();
        o.AppendLine("一、基本情况");
        o.AppendLine($"某某家住{f.Village}，家庭人口{f.Persons}人。{b.Year}年家庭人均纯收入{Show(b.PerCapitaNetIncome)}元，" +
            $"{(string.IsNullOrWhiteSpace(f.Diagnosis) ? "" : $"主要困难是{f.Diagnosis}。")}");
        if (!string.IsNullOrWhiteSpace(f.Wishes)) o.AppendLine($"本户意愿：{Mask(f.Wishes)}");
        o.AppendLine();
        o.AppendLine($"二、帮扶措施（按《{planName}》一户一策，措施均经本户同意）");
        foreach (var (m, i) in f.Measures.Select((m, i) => (m, i + 1)))
            o.AppendLine($"{i}. {m.Channel}：{Mask(m.Description)}（{m.Department}负责，{m.Start:yyyy年M月}—{m.End:yyyy年M月}，{m.Status}" +
                (m.Verified && m.VerifiedIncome > 0 ? $"，经核实增收{Money.Show(m.VerifiedIncome)}元）" : "）"));
        o.AppendLine();
        o.AppendLine($"三、收入变化（{b.Year}年与{a.Year}年{(f.AfterIsProjected ? "（已录入月份加其余月份预计）" : "")}，元）");
        foreach (var c in Enum.GetValues<IncomeCategory>())
            o.AppendLine($"{IncomeCategories.Name(c)}：{Money.Show(b.Total(c))} → {Money.Show(a.Total(c))}");
        o.AppendLine($"家庭纯收入：{Money.Show(b.NetIncome)} → {Money.Show(a.NetIncome)}");
        o.AppendLine($"人均纯收入：{Show(b.PerCapitaNetIncome)} → {Show(a.PerCapitaNetIncome)}" +
            (b.PerCapitaNetIncome is > 0 && a.PerCapitaNetIncome is { } up ? $"，增长{(up - b.PerCapitaNetIncome.Value) / b.PerCapitaNetIncome.Value * 100:0.0}%" : ""));
        if (f.Words.Count > 0)
        {
            o.AppendLine();
            o.AppendLine("四、群众心声（入户走访记录）");
            foreach (var w in f.Words) o.AppendLine($"“{Mask(w)}”");
        }
        return o.ToString();
    }

    /// <summary>The channel the case stands for: the one whose verified measures brought the most income.</summary>
    public static string MainChannel(ShowcaseFacts f) =>
        f.Measures.Where(m => m.Verified).GroupBy(m => m.ChannelKey).OrderByDescending(g => g.Sum(m => m.VerifiedIncome)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault() ?? "";

    static string Show(decimal? yuan) => yuan is { } y ? Money.Show(y) : "—";

    /// <summary>
    /// Runs of 7 or more digits (an ID number, a phone number) never reach a published text; nor do 15 or more digits
    /// written in groups (an ID number typed as 990102 19900101 1234 or 9901-0219-9001-0112-34). A date (8 digits) is
    /// left alone.
    /// </summary>
    public static string Mask(string text) => LongNumber().Replace(GroupedNumber().Replace(text, m => new string('＊', m.Length)), m => new string('＊', m.Length));

    [GeneratedRegex(@"\d{7,}[\dXx]?")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"(?<!\d)\d(?:[ \-]?\d){14,}(?:[ \-]?[Xx])?(?!\d)")]
    private static partial Regex GroupedNumber();
}
