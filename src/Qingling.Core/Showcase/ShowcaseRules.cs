using System.Text.RegularExpressions;

namespace Qingling.Core.Showcase;

/// <summary>
/// What a case must have before it goes further: the household's consent to publicity for approval and publication,
/// approval before publication; and the cleaning every saved text gets, so no name, ID or phone number is ever stored in
/// a case, let alone published.
/// </summary>
public static partial class ShowcaseRules
{
    public const int MaxTitle = 200, MaxText = 20_000;

    public static IReadOnlyList<string> ApproveProblems(ShowcaseCase c, PublicityConsent? consent)
    {
        var problems = new List<string>();
        if (consent is null) problems.Add($"案例#{c.Id}的农户尚未记录同意公开宣传（须由工作人员记录同意日期和方式），不能审核通过");
        if (c.Status != ShowcaseStatus.Draft) problems.Add($"案例#{c.Id}已是“{ShowcaseStatuses.Name(c.Status)}”状态，无需再审核");
        if (string.IsNullOrWhiteSpace(c.Text)) problems.Add($"案例#{c.Id}正文为空");
        return problems;
    }

    public static IReadOnlyList<string> PublishProblems(ShowcaseCase c, PublicityConsent? consent)
    {
        var problems = new List<string>();
        if (consent is null) problems.Add($"案例#{c.Id}的农户尚未记录同意公开宣传，不能发布");
        if (c.Status == ShowcaseStatus.Draft) problems.Add($"案例#{c.Id}尚未审核通过，不能发布");
        if (c.Status == ShowcaseStatus.Published) problems.Add($"案例#{c.Id}已发布");
        return problems;
    }

    public static IReadOnlyList<string> EditProblems(ShowcaseCase c, string title, string text)
    {
        var problems = new List<string>();
        if (c.Status == ShowcaseStatus.Published) problems.Add($"案例#{c.Id}已发布，不能再修改");
        if (string.IsNullOrWhiteSpace(title)) problems.Add("请填写案例标题");
        else if (title.Length > MaxTitle) problems.Add($"案例标题不能超过{MaxTitle}字");
        if (string.IsNullOrWhiteSpace(text)) problems.Add("请填写案例正文");
        else if (text.Length > MaxText) problems.Add($"案例正文不能超过{MaxText}字");
        return problems;
    }

    public static IReadOnlyList<string> ConsentProblems(DateOnly? on, string how, DateOnly today)
    {
        var problems = new List<string>();
        if (on is null) problems.Add("请填写农户同意公开宣传的日期");
        else if (on > today) problems.Add($"同意日期{on:yyyy-MM-dd}晚于今天");
        if (string.IsNullOrWhiteSpace(how)) problems.Add("请写明同意方式（如：户主签字、口头同意并录音）");
        else if (how.Length > 200) problems.Add("同意方式不能超过200字");
        return problems;
    }

    /// <summary>
    /// The text with the household's member names replaced by 某某, and ID and phone numbers (also written with spaces or
    /// hyphens) masked. Longer names go first, so a name containing another is replaced whole.
    /// </summary>
    public static string Clean(string text, IEnumerable<string> names)
    {
        var t = text;
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length >= 2).Distinct().OrderByDescending(n => n.Length))
            t = t.Replace(name, "某某", StringComparison.Ordinal);
        t = Phone().Replace(t, m => new string('＊', m.Length));
        return ShowcaseDraft.Mask(t);
    }

    /// <summary>Whether a text still holds something that looks like an ID or a phone number (a check on what is published).</summary>
    public static bool HasPersonalNumber(string text) => ShowcaseDraft.Mask(text) != text || Phone().IsMatch(text);

    // A mobile number written in groups: 138 1234 5678, 138-1234-5678.
    [GeneratedRegex(@"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")]
    private static partial Regex Phone();
}
