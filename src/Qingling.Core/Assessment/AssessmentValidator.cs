namespace Qingling.Core.Assessment;

/// <summary>Checks that 考核细则 hold together; each problem is a sentence naming the scheme and item at fault.</summary>
public static class AssessmentValidator
{
    public const decimal FullMarks = 100m;
    /// <summary>An escalation threshold longer than a year would never escalate anything within the plan year.</summary>
    public const int MaxEscalateAfterDays = 365;

    public static IEnumerable<string> Problems(AssessmentDefinition a)
    {
        if (!AssessmentPeriod.Kinds.Contains(a.Period))
            yield return $"考核周期“{a.Period}”未知，应为：{string.Join("、", AssessmentPeriod.Kinds.Select(k => $"{k}（{AssessmentPeriod.KindName(k)}）"))}";
        if (a.Scorecards.Count == 0) yield return "考核细则没有任何评分表（scorecards）";
        if (a.EscalateAfterDays is { } days && days is < 1 or > MaxEscalateAfterDays)
            yield return $"考核细则的逾期提级天数（escalateAfterDays）为{days}，应为1到{MaxEscalateAfterDays}之间的整数（逾期超过该天数的措施和任务单列提级督办）";
        var seen = new Dictionary<UnitKind, string>();
        foreach (var card in a.Scorecards)
        {
            var label = $"考核细则“{(card.Name.Length > 0 ? card.Name : "（未命名）")}”";
            if (string.IsNullOrWhiteSpace(card.Name)) yield return "有评分表缺少名称";
            if (card.Units.Count == 0) yield return $"{label}没有写明考核哪类单位（units）";
            var kinds = new List<UnitKind>();
            foreach (var u in card.Units)
            {
                if (UnitKinds.Parse(u) is not { } kind)
                {
                    yield return $"{label}的考核对象“{u}”未知，应为：{string.Join("、", UnitKinds.JsonKeys)}";
                    continue;
                }
                if (seen.TryGetValue(kind, out var other)) yield return $"{UnitKinds.Name(kind)}同时列在“{other}”和“{card.Name}”两张评分表中";
                else seen[kind] = card.Name;
                kinds.Add(kind);
            }
            if (card.Items.Count == 0) yield return $"{label}没有考核项目";
            foreach (var g in card.Items.GroupBy(i => i.Key).Where(g => g.Count() > 1)) yield return $"{label}的项目“{g.Key}”重复";
            foreach (var item in card.Items)
            {
                var itemLabel = $"{label}的项目“{(item.Name.Length > 0 ? item.Name : item.Key)}”";
                if (string.IsNullOrWhiteSpace(item.Key)) yield return $"{itemLabel}缺少标识（key）";
                if (string.IsNullOrWhiteSpace(item.Name)) yield return $"{itemLabel}缺少名称";
                if (!ItemKinds.All.Contains(item.Kind))
                {
                    yield return $"{itemLabel}的考核方式“{item.Kind}”未知，应为：{string.Join("、", ItemKinds.All.Select(k => $"{k}（{ItemKinds.Name(k)}）"))}";
                    continue;
                }
                if (item.Points <= 0) yield return $"{itemLabel}的分值应为正数";
                if (item.Points != Math.Round(item.Points, 2)) yield return $"{itemLabel}的分值最多两位小数";
                if (item.IsDeduction && item.PerCase is not > 0) yield return $"{itemLabel}是扣分项，须写明每例扣分（perCase，正数）";
                if (!item.IsDeduction && item.PerCase is not null) yield return $"{itemLabel}不是扣分项，不应有每例扣分（perCase）";
                foreach (var kind in kinds.Where(k => !ItemKinds.AppliesTo(item.Kind).Contains(k)))
                    yield return $"{itemLabel}（{ItemKinds.Name(item.Kind)}）不适用于{UnitKinds.Name(kind)}：只能考核{string.Join("、", ItemKinds.AppliesTo(item.Kind).Select(UnitKinds.Name))}";
            }
            var total = card.Items.Where(i => !i.IsDeduction).Sum(i => i.Points);
            if (card.Items.Count > 0 && total != FullMarks) yield return $"{label}各项分值合计{total:0.##}分，应为{FullMarks:0}分（扣分项不计入）";
        }
    }
}
