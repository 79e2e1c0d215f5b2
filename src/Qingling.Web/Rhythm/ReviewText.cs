using Qingling.Core.Plans;
using Qingling.Core.Rhythm;
using Qingling.Web.Cli;

namespace Qingling.Web.Rhythm;

/// <summary>The review pack as plain text for the terminal.</summary>
public static class ReviewText
{
    public static void Write(TextWriter o, PlanDefinition plan, ReviewPack p)
    {
        o.WriteLine($"{plan.Name}\n镇级半月研判材料（{p.Date:yyyy年M月d日}）" + (p.LastReviewDate is { } last ? $"，与上次研判（{last:yyyy年M月d日}）比较" : "，此前没有召开过研判"));
        if (p.ReviewOverdue is { } late) o.WriteLine(late);
        o.WriteLine("一、指标");
        foreach (var i in p.Indicators)
            o.WriteLine($"  {i.Name}：{Output.Show(i.Value, i.Unit)}（上次{Output.Show(i.AtLastReview, i.Unit)}，目标{Output.Show(i.Target, i.Unit)}）{(i.Provisional is { } months ? $"（{months}，暂不判断）" : i.Met ? "" : " 未达标")}");
        o.WriteLine($"二、清零名单（按预计收入）：{p.TargetCodes.Count}户");
        foreach (var h in p.Entered) o.WriteLine($"  新进入 {h.Code}（{h.Village}）：{string.Join("；", h.Reasons)}");
        foreach (var h in p.Left) o.WriteLine($"  已退出 {h.Code}（{h.Village}）：{string.Join("；", h.Reasons)}");
        if (p.Entered.Count + p.Left.Count == 0) o.WriteLine("  自上次研判以来无进出");
        Measures(o, "三、即将到期的措施", p.Due);
        Measures(o, "四、逾期未完成的措施", p.Overdue);
        Measures(o, "五、已完成待核实的措施", p.Unverified);
        o.WriteLine($"六、低于收入线但没有实施中措施的户：{p.UnderLineWithoutMeasure.Count}户");
        foreach (var h in p.UnderLineWithoutMeasure) o.WriteLine($"  {h.Code}（{h.Village}）预计人均{Output.Show(h.PerCapitaProjected, "元")}");
        o.WriteLine("七、进度落后的村（社区）和责任单位");
        foreach (var b in p.VillagesBehind.Concat(p.DepartmentsBehind)) o.WriteLine($"  {b.Name}：{string.Join("；", b.Why)}");
        o.WriteLine("八、研判任务");
        foreach (var t in p.Tasks)
            o.WriteLine($"  #{t.Id} {t.Title}（{t.Owner}，{t.Due:yyyy-MM-dd}前）{(t.Done ? $"已完成（{t.DoneOn:yyyy-MM-dd}）" : t.Overdue ? "逾期" : "进行中")}");
        if (p.Tasks.Count == 0) o.WriteLine("  无");
        o.WriteLine($"九、诚信预警（待处理，按村；新增指上次研判以来）：{p.OpenAlerts.Sum(a => a.Open)}条，新增{p.OpenAlerts.Sum(a => a.NewSinceLastReview)}条");
        foreach (var v in p.OpenAlerts)
            o.WriteLine($"  {v.Village}：{v.Open}条（新增{v.NewSinceLastReview}条）：{string.Join("、", v.Alerts.Select(a => $"#{a.Id} {a.HouseholdCode} {a.KindName}{(a.New ? "（新）" : "")}"))}");
        if (p.EscalateAfterDays is { } days)
        {
            o.WriteLine($"十、{Core.Supervision.Escalation.Title(days)}：{p.Escalated.Count}项");
            foreach (var e in p.Escalated) o.WriteLine($"  {e.Label}");
        }

    }

    static void Measures(TextWriter o, string title, IReadOnlyList<PackMeasure> list)
    {
        o.WriteLine($"{title}：{list.Count}项");
        foreach (var m in list) o.WriteLine($"  #{m.Id} {m.HouseholdCode}（{m.Village}）{m.Channel}：{m.Description}，{m.Department}，{m.End:yyyy-MM-dd}到期，{m.Status}");
    }
}
