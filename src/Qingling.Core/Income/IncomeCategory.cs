namespace Qingling.Core.Income;

/// <summary>The five columns of the official formula.</summary>
public enum IncomeCategory { Wage = 1, Production = 2, Property = 3, Transfer = 4, ProductionCost = 5 }

/// <summary>Chinese names of categories and the subcategories the national export breaks them into.</summary>
public static class IncomeCategories
{
    public static readonly IReadOnlyList<IncomeCategory> All =
        [IncomeCategory.Wage, IncomeCategory.Production, IncomeCategory.Property, IncomeCategory.Transfer, IncomeCategory.ProductionCost];

    public static string Name(IncomeCategory category) => category switch
    {
        IncomeCategory.Wage => "工资性收入",
        IncomeCategory.Production => "生产经营性收入",
        IncomeCategory.Property => "财产性收入",
        IncomeCategory.Transfer => "转移性收入",
        IncomeCategory.ProductionCost => "生产经营性支出",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary>Accepts the full name or the short form (工资性, 生产经营性 …).</summary>
    public static bool TryParse(string text, out IncomeCategory category)
    {
        var t = text.Trim();
        foreach (var c in All)
        {
            var name = Name(c);
            if (t == name || (name.EndsWith("收入") && t == name[..^2]) || (c == IncomeCategory.ProductionCost && t is "生产经营性支出" or "生产性支出"))
            {
                category = c;
                return true;
            }
        }
        category = default;
        return false;
    }

    /// <summary>Subcategories per category (the breakdowns of domain.md), in display order.</summary>
    public static readonly IReadOnlyDictionary<IncomeCategory, IReadOnlyList<string>> Subcategories =
        new Dictionary<IncomeCategory, IReadOnlyList<string>>
        {
            [IncomeCategory.Wage] = ["务工收入", "公益性岗位收入"],
            [IncomeCategory.Production] = ["种植业收入", "养殖业收入", "林果业收入", "其他生产经营性收入", "产业奖励", "就业奖励"],
            [IncomeCategory.Property] = ["土地流转收入", "租金收入", "资产收益扶贫分红收入", "入股分红收入"],
            [IncomeCategory.Transfer] = ["养老金或离退休金", "计划生育金", "生态补偿金", "最低生活保障金", "特困人员救助供养金", "其他转移性收入"],
            [IncomeCategory.ProductionCost] = ["种苗饲料化肥", "雇工费用", "固定资产折旧", "其他生产经营性支出"],
        };

    /// <summary>What an export's category total holds beyond its listed breakdowns.</summary>
    public const string Unspecified = "未细分";
}
