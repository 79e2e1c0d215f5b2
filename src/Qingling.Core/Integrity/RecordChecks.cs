using System.Globalization;
using Qingling.Core.Income;
using static Qingling.Core.Integrity.Explanations;

namespace Qingling.Core.Integrity;

/// <summary>
/// The checks on how the figures were recorded rather than what they are: stated totals that do not add up, entries
/// slipped into a period a held review already judged, and measures verified with far more income than they promised.
/// </summary>
public static class RecordChecks
{
    /// <summary>The record checks of one household, added to <paramref name="found"/> (asked of every household of a county).</summary>
    internal static void Of(IntegrityCase c, IntegritySettings s, List<IntegrityAlert> found)
    {
        if (StatedTotals(c, s) is { } stated) found.Add(stated);
        if (BackDated(c) is { } late) found.Add(late);
        if (c.Measures.Count > 0 && MeasureAboveExpected(c, s) is { } measure) found.Add(measure);
    }

    /// <summary>The export's 纯收入 or 人均纯收入 differs from what its own lines give by the formula (the import's warning, kept).</summary>
    public static IntegrityAlert? StatedTotals(IntegrityCase c, IntegritySettings s)
    {
        if (c.Stated is not { } t || t.Persons <= 0) return null;
        var parts = new List<string>();
        if (t.StatedNet is { } net && Math.Abs(net - t.Net) > s.StatedTolerance)
            parts.Add($"导出文件的纯收入{Yuan(net)}元，按公式（工资性+生产经营性+财产性+转移性−生产经营性支出）为{Yuan(t.Net)}元，相差{Yuan(net - t.Net)}元");
        var perCapita = Money.Round(t.Net / t.Persons);
        if (t.StatedPerCapita is { } pc && Math.Abs(pc - perCapita) > s.StatedTolerance)
            parts.Add($"导出文件的人均纯收入{Yuan(pc)}元，按公式为{Yuan(perCapita)}元（{Yuan(t.Net)}÷{t.Persons}人），相差{Yuan(pc - perCapita)}元");
        if (parts.Count == 0) return null;
        return new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.StatedTotals, string.Join("；", parts),
            Evidence(["合计数不是由分项算出，可能是直接填写的"], ["导入时已按公式重算，系统中的收入以重算为准"]));
    }

    /// <summary>Monthly income recorded after a held review for a month that review already judged.</summary>
    public static IntegrityAlert? BackDated(IntegrityCase c)
    {
        if (c.LateEntries.Count == 0) return null;
        var china = TimeSpan.FromHours(8);
        var lines = c.LateEntries.OrderBy(e => e.RecordedAt).ThenBy(e => e.EntryId).Select(e =>
            $"{e.Month}月{IncomeCategories.Name(e.Category)}{Yuan(e.Amount)}元由{e.RecordedBy}于{(e.RecordedAt + china).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}录入（条目#{e.EntryId}），" +
            $"而{e.ReviewOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}的研判已于{(e.ReviewHeldAt + china).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}召开").ToList();
        var sum = c.LateEntries.Sum(e => e.Category == IncomeCategory.ProductionCost ? -e.Amount : e.Amount);
        return new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.BackDated,
            $"{c.LateEntries.Count}条收入补录进已研判的月份，合计{Yuan(sum)}元：{string.Join("；", lines)}",
            Evidence(["研判后补录的收入改变了已经研判过的数字"], []))
        { EvidenceKey = EvidenceKeys.Of("entries:", c.LateEntries.Select(e => e.EntryId)) };
    }

    /// <summary>A measure verified with income far above the gain it was planned for.</summary>
    public static IntegrityAlert? MeasureAboveExpected(IntegrityCase c, IntegritySettings s)
    {
        var far = c.Measures.Where(m => m.VerifiedIncome > 0
            && m.VerifiedIncome > m.ExpectedGain * s.MeasureAboveExpectedFactor
            && m.VerifiedIncome - m.ExpectedGain >= s.MeasureAboveExpectedMinimum).ToList();
        if (far.Count == 0) return null;
        return new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.MeasureAboveExpected,
            string.Join("；", far.Select(m => $"措施{(m.Id > 0 ? "#" + m.Id.ToString(CultureInfo.InvariantCulture) : "")}（{m.Kind}）核实收入{Yuan(m.VerifiedIncome)}元，预期年增收{Yuan(m.ExpectedGain)}元" +
                (m.ExpectedGain > 0 ? $"（{(m.VerifiedIncome / m.ExpectedGain).ToString("0.#", CultureInfo.InvariantCulture)}倍）" : ""))),
            Evidence([$"核实收入超过预期的{s.MeasureAboveExpectedFactor.ToString("0.#", CultureInfo.InvariantCulture)}倍且多出{Yuan(s.MeasureAboveExpectedMinimum)}元以上"], []))
        { EvidenceKey = EvidenceKeys.Of("measures:", far.Select(m => m.Id)) };
    }
}
