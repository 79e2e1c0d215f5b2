using Qingling.Core.Households;
using Qingling.Core.Plans;

namespace Qingling.Core.Measures;

/// <summary>What the rules need to know of the member a measure concerns.</summary>
public sealed record MemberFacts(long Id, long HouseholdId, string Name, DateOnly BirthDate, LabourCapacity Labour);

/// <summary>
/// The rules a measure must keep, each broken rule a sentence saying what is wrong. They follow the plan
/// and the national rules: consent first (不代替群众作选择), microcredit limits, labour for training and jobs.
/// </summary>
public static class MeasureRules
{
    public static IReadOnlyList<string> Check(PlanDefinition plan, Measure m, MemberFacts? member)
    {
        var problems = new List<string>();
        var d = MeasureDetails.FromJson(m.Details);
        var channel = plan.Channel(m.Channel);
        if (string.IsNullOrWhiteSpace(m.Channel)) problems.Add("请选择增收渠道");
        else if (channel is null) problems.Add($"增收渠道“{m.Channel}”不在方案“{plan.Name}”中");
        if (string.IsNullOrWhiteSpace(m.Department)) problems.Add("请选择责任单位");
        else if (!plan.Departments.Contains(m.Department)) problems.Add($"责任单位“{m.Department}”不是方案中的责任单位");
        if (string.IsNullOrWhiteSpace(m.Description)) problems.Add("请写明具体措施内容");
        if (m.End < m.Start) problems.Add($"结束日期{m.End:yyyy-MM-dd}早于开始日期{m.Start:yyyy-MM-dd}");
        if (m.ExpectedGain < 0) problems.Add("预期增收不能为负数");
        if (m.PaysFromMonth is < 1 or > 12) problems.Add("开始见效月份应为1到12");
        if (m.Status != MeasureStatus.Declined && (m.ConsentOn is null || string.IsNullOrWhiteSpace(m.ConsentHow)))
            problems.Add("该户未同意此措施（缺少同意日期和方式）：须经群众同意，不得代替群众作选择");
        if (m.Status == MeasureStatus.Declined && string.IsNullOrWhiteSpace(m.DeclineReason))
            problems.Add("群众不愿意的措施须写明原因（如“年纪大，不愿养牛”），以便核对覆盖率的分母");

        var personal = m.Channel is Channels.Training or Channels.Employment || (m.Channel == Channels.Finance && d.IsMicrocredit);
        if (personal && member is null) problems.Add($"{Channels.Name(m.Channel)}措施须指定本户的一名成员");
        if (member is not null && member.HouseholdId != m.HouseholdId) problems.Add($"成员{member.Name}不是本户成员");
        if (member is not null && m.Channel is Channels.Training or Channels.Employment
            && member.Labour is LabourCapacity.Lost or LabourCapacity.None)
            problems.Add($"成员{member.Name}为{Vocabulary.Name(member.Labour)}，不能安排{Channels.Name(m.Channel)}");
        // The plan's labour scope decides whether weak labour is labour: when it is not, the plan's training and job
        // targets are not meant for such a member, and counting one would inflate them.
        if (member is not null && m.Channel is Channels.Training or Channels.Employment && member.Labour == LabourCapacity.Weak && !plan.Scope.WeakLabourCounts)
            problems.Add($"成员{member.Name}为{Vocabulary.Name(member.Labour)}，本方案的劳动力范围不含弱劳动力或半劳动力，不能安排{Channels.Name(m.Channel)}");

        switch (m.Channel)
        {
            case Channels.Industry when d.Industry is not null && !MeasureDetails.Industries.Contains(d.Industry):
                problems.Add($"产业类别“{d.Industry}”应为：{string.Join("、", MeasureDetails.Industries)}");
                break;
            case Channels.Employment when d.Destination is not null && !MeasureDetails.Destinations.Contains(d.Destination):
                problems.Add($"务工地点“{d.Destination}”应为：{string.Join("、", MeasureDetails.Destinations)}");
                break;
            case Channels.Finance when d.IsMicrocredit:
                var credit = plan.Microcredit;
                if (d.LoanAmount is not { } amount || amount <= 0) problems.Add("小额信贷须写明贷款金额");
                else if (amount > credit.HouseholdCap) problems.Add($"脱贫人口小额信贷每户不超过{credit.HouseholdCap:0}元，本笔为{amount:0.##}元");
                if (d.TermMonths > credit.MaxMonths) problems.Add($"小额信贷期限不超过{(credit.MaxMonths % 12 == 0 ? $"{credit.MaxMonths / 12}年（{credit.MaxMonths}个月）" : $"{credit.MaxMonths}个月")}，本笔为{d.TermMonths}个月");
                if (d.Purpose is { } purpose && purpose != "生产经营") problems.Add($"小额信贷只能用于生产经营，不能用于“{purpose}”");
                if (member is not null)
                {
                    var age = AgeOn(member.BirthDate, m.Start);
                    if (age < credit.MinAge || age > credit.MaxAge)
                        problems.Add($"借款人{member.Name}贷款时{age}岁，小额信贷借款人须在{credit.MinAge}至{credit.MaxAge}周岁之间");
                }
                break;
        }
        return problems;
    }

    /// <summary>
    /// The cap is the household's, not the loan's: a new loan that takes the household's outstanding loans above it is
    /// refused, naming the loans it already has. Refused rather than split into a subsidised and an unsubsidised part,
    /// because a loan above the cap is no longer 脱贫人口小额信贷 at all (no subsidy, collateral rules apply) and
    /// belongs to the bank's ordinary lending, not to the plan.
    /// </summary>
    /// <param name="existing">The household's other live microcredit loans: description and amount.</param>
    public static string? CheckHouseholdLoans(PlanDefinition plan, Measure m, IReadOnlyList<(string Description, decimal Amount)> existing)
    {
        var d = MeasureDetails.FromJson(m.Details);
        if (m.Channel != Channels.Finance || !d.IsMicrocredit || !MeasureStatuses.IsLive(m.Status) || d.LoanAmount is not { } amount || existing.Count == 0) return null;
        var cap = plan.Microcredit.HouseholdCap;
        var held = existing.Sum(l => l.Amount);
        if (held + amount <= cap) return null;
        return $"脱贫人口小额信贷每户累计不超过{cap:0}元：本户已有{string.Join("、", existing.Select(l => $"“{l.Description}”{l.Amount:0.##}元"))}，"
            + $"合计{held:0.##}元，再贷{amount:0.##}元将达{held + amount:0.##}元，最多还可贷{Math.Max(0, cap - held):0.##}元";
    }

    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on < birth.AddYears(age)) age--;
        return age;
    }
}
