using Qingling.Core.Income;

namespace Qingling.Core.Import;

/// <summary>The columns of the national system's member export that the importer understands.</summary>
public enum ExportField
{
    Province, City, County, Town, Village, VillageCode, Group, HouseholdCode, Name, IdNumber, Relation, Sex, Ethnicity,
    BirthDate, Education, SchoolStatus, Health, Disability, Labour, WorkStatus, MonthsWorked, HouseholdType,
    Monitoring, ExitYear, Persons, Risks, Phone, AssignedUnit, WorkTeam, Cadre, Year,
    Wage, Production, Property, Transfer, ProductionCost, NetIncome, PerCapitaNetIncome,
}

/// <summary>Header names and synonyms, normalised (no spaces, half-width brackets, no unit suffix).</summary>
public static class ExportFields
{
    public static readonly IReadOnlyDictionary<ExportField, string[]> Names = new Dictionary<ExportField, string[]>
    {
        [ExportField.Province] = ["省", "省份", "省(区、市)"],
        [ExportField.City] = ["市", "市(州)", "地市"],
        [ExportField.County] = ["县", "县(市、区)", "县(区)", "县区"],
        [ExportField.Town] = ["乡(镇)", "乡镇", "乡(镇、街道)", "镇"],
        [ExportField.Village] = ["行政村", "村", "村(社区)", "行政村(社区)", "村名"],
        [ExportField.VillageCode] = ["行政村代码", "村代码", "行政区划代码"],
        [ExportField.Group] = ["村民小组", "组", "自然村"],
        [ExportField.HouseholdCode] = ["户编号", "户码", "家庭编号"],
        [ExportField.Name] = ["姓名", "成员姓名"],
        [ExportField.IdNumber] = ["证件号码", "身份证号", "身份证号码", "公民身份号码", "身份证件号码"],
        [ExportField.Relation] = ["与户主关系", "与户主的关系"],
        [ExportField.Sex] = ["性别"],
        [ExportField.Ethnicity] = ["民族"],
        [ExportField.BirthDate] = ["出生日期", "出生年月"],
        [ExportField.Education] = ["文化程度"],
        [ExportField.SchoolStatus] = ["在校生状况", "在校生情况"],
        [ExportField.Health] = ["健康状况"],
        [ExportField.Disability] = ["残疾类别", "残疾情况", "残疾等级"],
        [ExportField.Labour] = ["劳动技能", "劳动能力"],
        [ExportField.WorkStatus] = ["务工状况", "务工情况"],
        [ExportField.MonthsWorked] = ["务工时间(月)", "务工时间", "务工月数"],
        [ExportField.HouseholdType] = ["户类型"],
        [ExportField.Monitoring] = ["监测对象类别", "监测类型"],
        [ExportField.ExitYear] = ["脱贫年度", "脱贫年份"],
        [ExportField.Persons] = ["家庭人口数", "家庭人数", "人口数"],
        [ExportField.Risks] = ["风险类型", "致贫风险", "返贫致贫风险", "主要风险"],
        [ExportField.Phone] = ["联系电话", "电话", "户主联系电话"],
        [ExportField.AssignedUnit] = ["挂包单位"],
        [ExportField.WorkTeam] = ["驻村工作队"],
        [ExportField.Cadre] = ["帮扶责任人"],
        [ExportField.Year] = ["年度", "收入年度"],
        [ExportField.Wage] = ["工资性收入"],
        [ExportField.Production] = ["生产经营性收入"],
        [ExportField.Property] = ["财产性收入"],
        [ExportField.Transfer] = ["转移性收入"],
        [ExportField.ProductionCost] = ["生产经营性支出"],
        [ExportField.NetIncome] = ["纯收入", "家庭纯收入", "年纯收入"],
        [ExportField.PerCapitaNetIncome] = ["人均纯收入"],
    };

    /// <summary>
    /// Without these a row cannot be placed in the register. The whole region path is required: a file whose
    /// 省 header is unreadable would otherwise hang its villages under a second, province-less region tree.
    /// </summary>
    public static readonly ExportField[] Required =
        [ExportField.Province, ExportField.City, ExportField.County, ExportField.Town, ExportField.Village, ExportField.HouseholdCode, ExportField.Name, ExportField.IdNumber, ExportField.Relation, ExportField.Labour, ExportField.HouseholdType];

    public static IncomeCategory? CategoryOf(ExportField field) => field switch
    {
        ExportField.Wage => IncomeCategory.Wage,
        ExportField.Production => IncomeCategory.Production,
        ExportField.Property => IncomeCategory.Property,
        ExportField.Transfer => IncomeCategory.Transfer,
        ExportField.ProductionCost => IncomeCategory.ProductionCost,
        _ => null,
    };

    public static ExportField FieldOf(IncomeCategory category) => category switch
    {
        IncomeCategory.Wage => ExportField.Wage,
        IncomeCategory.Production => ExportField.Production,
        IncomeCategory.Property => ExportField.Property,
        IncomeCategory.Transfer => ExportField.Transfer,
        _ => ExportField.ProductionCost,
    };

    /// <summary>The header as it is written when the system itself writes an export.</summary>
    public static string HeaderOf(ExportField field) => field == ExportField.MonthsWorked ? "务工时间（月）" : Names[field][0];

    /// <summary>Strips spaces, unifies full-width brackets and drops a unit such as （元）.</summary>
    public static string Normalize(string header)
    {
        // A BOM (a CSV saved twice with one) or a zero-width space is invisible in every editor: not part of the name.
        var s = header.Replace("\uFEFF", "").Replace("\u200B", "").Replace(" ", "").Replace("\u3000", "").Replace("\n", "").Replace("\r", "").Replace("\t", "")
            .Replace('（', '(').Replace('）', ')').Replace('，', '、').Trim();
        foreach (var unit in new[] { "(元)", "(元/人)", "(人)", "(月)" })
        {
            if (s.EndsWith(unit, StringComparison.Ordinal) && s != "务工时间(月)") s = s[..^unit.Length];
        }
        return s;
    }
}
