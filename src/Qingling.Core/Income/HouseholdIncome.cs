namespace Qingling.Core.Income;

/// <summary>A household's income for one year, derived from its ledger by the official formula.</summary>
public sealed record HouseholdIncome(
    int Year,
    int Persons,
    decimal Wage,
    decimal Production,
    decimal Property,
    decimal Transfer,
    decimal ProductionCost)
{
    /// <summary>家庭纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性 − 生产经营性支出.</summary>
    public decimal NetIncome => Wage + Production + Property + Transfer - ProductionCost;

    /// <summary>
    /// 人均纯收入, rounded half away from zero to 2 decimals: the rounded figure is the one people
    /// see, so it is the one compared with any line. Null for a household with no persons that year.
    /// </summary>
    public decimal? PerCapitaNetIncome => Persons == 0 ? null : Money.Round(NetIncome / Persons);

    public decimal Total(IncomeCategory category) => category switch
    {
        IncomeCategory.Wage => Wage,
        IncomeCategory.Production => Production,
        IncomeCategory.Property => Property,
        IncomeCategory.Transfer => Transfer,
        IncomeCategory.ProductionCost => ProductionCost,
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary>Sums a household's entries for <paramref name="year"/>; entries of other years, and entries that do not count, are ignored.</summary>
    public static HouseholdIncome FromEntries(int year, int persons, IEnumerable<IncomeEntry> entries)
    {
        decimal wage = 0, production = 0, property = 0, transfer = 0, cost = 0;
        foreach (var e in entries)
        {
            if (e.Year != year || e.ExcludedReason is not null) continue;
            switch (e.Category)
            {
                case IncomeCategory.Wage: wage += e.Amount; break;
                case IncomeCategory.Production: production += e.Amount; break;
                case IncomeCategory.Property: property += e.Amount; break;
                case IncomeCategory.Transfer: transfer += e.Amount; break;
                case IncomeCategory.ProductionCost: cost += e.Amount; break;
            }
        }
        return new HouseholdIncome(year, persons, wage, production, property, transfer, cost);
    }
}
