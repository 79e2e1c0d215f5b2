using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Import;

/// <summary>
/// The member export as the system writes it (for the generator and the demo): the national system's
/// columns, one row per member with the household's columns repeated. Values are strings, or decimals
/// for amounts so spreadsheets hold numbers.
/// </summary>
public static class ExportLayout
{
    static readonly (IncomeCategory Category, string[] Breakdown)[] IncomeColumns =
    [
        (IncomeCategory.Wage, ["务工收入", "公益性岗位收入"]),
        (IncomeCategory.Production, ["种植业收入", "养殖业收入"]),
        (IncomeCategory.Property, ["资产收益扶贫分红收入", "土地流转收入"]),
        (IncomeCategory.Transfer, ["养老金或离退休金", "生态补偿金"]),
        (IncomeCategory.ProductionCost, []),
    ];

    public static readonly IReadOnlyList<string> Headers = BuildHeaders();

    static List<string> BuildHeaders()
    {
        var h = new List<string>
        {
            "省", "市", "县", "乡(镇)", "行政村", "行政村代码", "村民小组", "户编号", "姓名", "证件号码", "与户主关系", "性别", "民族",
            "出生日期", "文化程度", "在校生状况", "健康状况", "残疾类别", "劳动技能", "务工状况", "务工时间（月）", "户类型",
            "监测对象类别", "脱贫年度", "家庭人口数", "风险类型", "联系电话", "挂包单位", "驻村工作队", "帮扶责任人",
        };
        foreach (var (category, breakdown) in IncomeColumns)
        {
            h.Add(IncomeCategories.Name(category));
            h.AddRange(breakdown);
        }
        h.Add("纯收入");
        h.Add("人均纯收入");
        return h;
    }

    /// <summary>The rows of one household, in header order.</summary>
    public static IEnumerable<object[]> Rows(GeneratedHousehold h)
    {
        foreach (var m in h.Members)
        {
            var row = new object[Headers.Count];
            var i = 0;
            foreach (var v in new object[]
            {
                h.Province, h.City, h.County, h.Town, h.Village, h.VillageCode, h.Group, h.Code, m.Name, m.IdNumber, m.Relation,
                Vocabulary.Name(m.Sex), m.Ethnicity, m.BirthDate.ToString("yyyy-MM-dd"), m.Education, m.SchoolStatus, m.Health, m.Disability,
                Vocabulary.Name(m.Labour), m.WorkStatus, m.MonthsWorked.ToString(), Vocabulary.Name(h.Type),
                h.Monitoring is { } mc ? Vocabulary.Name(mc) : "", h.ExitYear?.ToString() ?? "", h.Members.Count.ToString(), h.Risks, h.Phone,
                h.AssignedUnit, h.WorkTeam, h.Cadre,
            }) row[i++] = v;
            foreach (var (category, breakdown) in IncomeColumns)
            {
                row[i++] = h.Total(category);
                foreach (var sub in breakdown)
                    row[i++] = h.Income.Where(l => l.Category == category && l.Subcategory == sub).Sum(l => l.Amount);
            }
            row[i++] = h.StatedNet ?? h.NetIncome;
            row[i] = h.StatedPerCapita ?? h.PerCapita;
            yield return row;
        }
    }
}
