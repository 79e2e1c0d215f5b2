namespace Qingling.Core.Income;

/// <summary>
/// 收入计算口径: the subcategories each income category holds, and the ones that are recorded but do not
/// count in net income, each with its reason. A plan may list its own; without a list the national rule applies.
/// </summary>
public sealed record CountingRules
{
    /// <summary>What each category holds and counts.</summary>
    public IReadOnlyList<CategoryRule> Categories { get; init; } = [];
    /// <summary>What is recorded and shown but never counted (one-off, earmarked help).</summary>
    public IReadOnlyList<ExcludedSubcategory> Excluded { get; init; } = [];

    /// <summary>
    /// The national rule (国家脱贫人口收入统计口径): only steady income counts; one-off help and grants earmarked for
    /// building or moving cannot be spent on living and are left out.
    /// </summary>
    public static readonly CountingRules National = new()
    {
        Categories = IncomeCategories.All.Select(c => new CategoryRule { Category = c, Subcategories = IncomeCategories.Subcategories[c] }).ToList(),
        Excluded =
        [
            new() { Category = IncomeCategory.Transfer, Name = "临时救助金", Reason = "临时救助属一次性应急救助，不是稳定可持续的收入，不计入家庭纯收入" },
            new() { Category = IncomeCategory.Transfer, Name = "慰问金", Reason = "慰问金属一次性慰问，不是稳定可持续的收入，不计入家庭纯收入" },
            new() { Category = IncomeCategory.Transfer, Name = "一次性救济金", Reason = "一次性救济不是稳定可持续的收入，不计入家庭纯收入" },
            new() { Category = IncomeCategory.Transfer, Name = "临时生活补助", Reason = "临时生活补助属一次性补助，不计入家庭纯收入" },
            new() { Category = IncomeCategory.Transfer, Name = "易地扶贫搬迁补助", Reason = "搬迁补助专款专用于搬迁安置，不能用于生活消费，不计入家庭纯收入" },
            new() { Category = IncomeCategory.Transfer, Name = "搬迁补助", Reason = "搬迁补助专款专用于搬迁安置，不能用于生活消费，不计入家庭纯收入" },
            new() { Category = IncomeCategory.Transfer, Name = "危房改造补助", Reason = "危房改造补助专款专用于住房安全，不能用于生活消费，不计入家庭纯收入" },
        ],
    };

    /// <summary>The subcategories that count in a category, in display order.</summary>
    public IReadOnlyList<string> Counted(IncomeCategory category) =>
        Categories.FirstOrDefault(c => c.Category == category)?.Subcategories ?? [];

    /// <summary>Everything a user may choose in a category: what counts, then what is recorded but not counted.</summary>
    public IReadOnlyList<string> Allowed(IncomeCategory category) =>
        [.. Counted(category), .. Excluded.Where(e => e.Category == category).Select(e => e.Name)];

    /// <summary>
    /// Whether a subcategory may be recorded in a category and, if it may, why it does not count (null: it counts).
    /// An unknown subcategory gives a sentence listing the allowed ones.
    /// </summary>
    public bool TryClassify(IncomeCategory category, string subcategory, out string? excludedReason, out string? problem)
    {
        var name = subcategory.Trim();
        excludedReason = null;
        problem = null;
        if (Counted(category).Contains(name)) return true;
        if (Excluded.FirstOrDefault(e => e.Category == category && e.Name == name) is { } excluded)
        {
            excludedReason = excluded.Reason;
            return true;
        }
        problem = name.Length == 0
            ? $"请选择{IncomeCategories.Name(category)}的分项：{string.Join("、", Allowed(category))}"
            : $"“{name}”不是{IncomeCategories.Name(category)}的分项，应为：{string.Join("、", Allowed(category))}";
        return false;
    }

    /// <summary>The plan's own rules, or the national rule when the plan lists none.</summary>
    public static CountingRules For(Plans.PlanDefinition plan) => plan.IncomeRules ?? National;
}

/// <summary>One income category and the subcategories it holds.</summary>
public sealed record CategoryRule
{
    public IncomeCategory Category { get; init; }
    public IReadOnlyList<string> Subcategories { get; init; } = [];
}

/// <summary>A subcategory that is recorded and shown, but not counted, and why.</summary>
public sealed record ExcludedSubcategory
{
    public IncomeCategory Category { get; init; }
    public string Name { get; init; } = "";
    public string Reason { get; init; } = "";
}
