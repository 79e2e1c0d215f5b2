using System.Globalization;
using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Integrity;

/// <summary>
/// What in the record can explain an increase: people (a member who started work, more months worked, more labour,
/// a different household size), verified measure income, visits' expected changes, project links. An increase with
/// such a cause is no paper increase, so it raises no alert.
/// </summary>
public static class Explanations
{
    /// <summary>What the record says about an increase of <paramref name="increase"/> yuan in <paramref name="category"/> (null: net income).</summary>
    public sealed record Finding(bool Explained, IReadOnlyList<string> For, IReadOnlyList<string> Against);

    public static Finding Of(IntegrityCase c, IncomeCategory? category, decimal increase, IntegritySettings settings)
    {
        var reasons = new List<string>();
        var weak = new List<string>();
        bool qualitative = false;

        if (c.PreviousMembers is { } before)
        {
            var wageLike = category is null or IncomeCategory.Wage;
            var previous = before.ToDictionary(m => m.Id);
            var started = c.Members.Where(m => m.Working && !(previous.TryGetValue(m.Id, out var p) && p.Working)).ToList();
            if (wageLike && started.Count > 0)
            {
                reasons.Add($"{started.Count}名成员本年开始务工（{string.Join("、", started.Select(Describe))}）");
                qualitative = true;
            }
            var months = c.Members.Sum(m => m.MonthsWorked ?? 0);
            var monthsBefore = before.Sum(m => m.MonthsWorked ?? 0);
            if (wageLike && months > monthsBefore)
            {
                reasons.Add($"务工时间由{monthsBefore}个月增至{months}个月");
                qualitative = true;
            }
            var labour = c.Members.Count(HasLabour);
            var labourBefore = before.Count(HasLabour);
            if (labour > labourBefore)
            {
                reasons.Add($"劳动力由{labourBefore}人增至{labour}人");
                qualitative = true;
            }
            if ((category is null) && c.Members.Count != before.Count)
            {
                reasons.Add($"家庭人口由{before.Count}人变为{c.Members.Count}人");
                qualitative = true;
            }
        }

        var verified = c.Measures.Where(m => m.VerifiedIncome > 0 && (category is null || m.GainCategory == category)).ToList();
        var verifiedSum = verified.Sum(m => m.VerifiedIncome);
        var visits = c.Visits.Where(v => v.ExpectedChange > 0 && (category is null || v.Category == category)).ToList();
        var visitSum = visits.Sum(v => v.ExpectedChange);
        var evidence = verifiedSum + visitSum;
        if (verified.Count > 0)
            (evidence >= increase * settings.CoverShare ? reasons : weak).Add($"已核实帮扶措施收入{Yuan(verifiedSum)}元（{string.Join("、", verified.Select(m => m.Kind))}）");
        if (visits.Count > 0)
            (evidence >= increase * settings.CoverShare ? reasons : weak).Add($"入户走访记录预计增收{Yuan(visitSum)}元（{string.Join("、", visits.Select(v => v.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}）");
        var quantitative = evidence > 0 && evidence >= increase * settings.CoverShare;
        if (evidence > 0 && !quantitative)
            weak.Add($"有据增收合计{Yuan(evidence)}元，不足增幅{Yuan(increase)}元的{Percent(settings.CoverShare)}");

        var projectLike = category is null or IncomeCategory.Production or IncomeCategory.Property;
        var projects = projectLike && c.Projects.Count > 0;
        if (projects) reasons.Add($"联农带农项目：{string.Join("、", c.Projects)}");

        var explained = qualitative || quantitative || projects;
        if (!explained) weak.Add("无成员开始务工、务工月数、劳动力或人口变化，无足额的已核实措施收入或走访记录增收，无联农带农项目");
        return new Finding(explained, weak, reasons);
    }

    internal static bool HasLabour(MemberRecord m) => m.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled;

    static string Describe(MemberRecord m) => m.RelationToHead;

    internal static string Yuan(decimal v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);

    internal static string Percent(decimal share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>The evidence text: what points to a paper increase, then what speaks against it.</summary>
    internal static string Evidence(IEnumerable<string> @for, IEnumerable<string> against)
    {
        var f = @for.ToList();
        var a = against.ToList();
        return $"疑点：{(f.Count == 0 ? "无" : string.Join("；", f))}。可作解释：{(a.Count == 0 ? "无" : string.Join("；", a))}。";
    }
}
