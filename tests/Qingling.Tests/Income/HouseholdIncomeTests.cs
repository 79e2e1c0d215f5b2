using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Tests.Income;

public class HouseholdIncomeTests
{
    static IncomeEntry E(IncomeCategory c, decimal amount, int year = 2022) => new() { Category = c, Amount = amount, Year = year, Subcategory = "x" };

    [Fact]
    public void Household_of_one()
    {
        var income = HouseholdIncome.FromEntries(2022, 1, [E(IncomeCategory.Wage, 6_000m), E(IncomeCategory.Transfer, 2_400.50m)]);
        Assert.Equal(8_400.50m, income.NetIncome);
        Assert.Equal(8_400.50m, income.PerCapitaNetIncome);
    }

    [Fact]
    public void Official_formula_subtracts_production_costs_only()
    {
        var income = HouseholdIncome.FromEntries(2022, 4,
        [
            E(IncomeCategory.Wage, 20_000m), E(IncomeCategory.Production, 15_000m), E(IncomeCategory.Property, 800m),
            E(IncomeCategory.Transfer, 4_200m), E(IncomeCategory.ProductionCost, 5_000m), E(IncomeCategory.Wage, 999m, year: 2021),
        ]);
        Assert.Equal(35_000m, income.NetIncome);
        Assert.Equal(8_750m, income.PerCapitaNetIncome);
    }

    [Fact]
    public void Costs_above_income_give_a_negative_net()
    {
        var income = HouseholdIncome.FromEntries(2022, 3, [E(IncomeCategory.Production, 4_000m), E(IncomeCategory.ProductionCost, 10_000m)]);
        Assert.Equal(-6_000m, income.NetIncome);
        Assert.Equal(-2_000m, income.PerCapitaNetIncome);
    }

    [Fact]
    public void Per_capita_rounds_half_away_from_zero()
    {
        Assert.Equal(10_000.01m, HouseholdIncome.FromEntries(2022, 2, [E(IncomeCategory.Wage, 20_000.01m)]).PerCapitaNetIncome);
        Assert.Equal(3_333.33m, HouseholdIncome.FromEntries(2022, 3, [E(IncomeCategory.Wage, 10_000m)]).PerCapitaNetIncome);
        Assert.Equal(-0.01m, HouseholdIncome.FromEntries(2022, 2, [E(IncomeCategory.ProductionCost, 0.01m)]).PerCapitaNetIncome);
    }

    [Fact]
    public void The_annual_record_is_the_years_figure_and_in_year_entries_are_never_added_to_it()
    {
        IncomeEntry Entry(IncomeSource source, decimal amount, int? month = null) =>
            new() { Year = 2023, Month = month, Category = IncomeCategory.Wage, Amount = amount, Source = source };
        var entries = new[] { Entry(IncomeSource.Import, 10_358.79m), Entry(IncomeSource.Manual, 3_000m, 5), Entry(IncomeSource.Measure, 1_200m) };
        Assert.Equal(10_358.79m, HouseholdIncome.FromEntries(2023, 1, LedgerSources.Official(entries, 2023, hasAnnualRecord: true)).NetIncome);
        // Until the annual record arrives, the in-year entries are all there is.
        Assert.Equal(4_200m, HouseholdIncome.FromEntries(2023, 1, LedgerSources.Official(entries.Skip(1), 2023, hasAnnualRecord: false)).NetIncome);
    }

    [Fact]
    public void No_persons_no_per_capita()
    {
        Assert.Null(HouseholdIncome.FromEntries(2022, 0, [E(IncomeCategory.Wage, 1m)]).PerCapitaNetIncome);
    }

    [Fact]
    public void Population_growth_is_weighted_by_persons_not_a_mean_of_ratios()
    {
        HouseholdIncome H(int year, int persons, decimal net) => new(year, persons, net, 0, 0, 0, 0);
        var last = new[] { H(2022, 1, 5_000m), H(2022, 9, 90_000m) };
        var now = new[] { H(2023, 1, 10_000m), H(2023, 9, 90_000m) };
        var before = Growth.PopulationPerCapita(last)!.Value;
        var after = Growth.PopulationPerCapita(now)!.Value;
        Assert.Equal(9_500m, before);
        Assert.Equal(10_000m, after);
        Assert.Equal(0.0526m, Math.Round(Growth.Rate(before, after)!.Value, 4));
        // The mean of household ratios would say 50%: the small household doubled.
        Assert.Null(Growth.Rate(0m, 1m));
    }

    [Theory]
    [InlineData("1,234.50", 1234.50)]
    [InlineData(" 12 ", 12)]
    [InlineData("", 0)]
    public void Money_parses_export_amounts(string text, double expected)
    {
        Assert.True(Money.TryParse(text, out var v, out _));
        Assert.Equal((decimal)expected, v);
    }

    [Theory]
    [InlineData("abc", "不是数字")]
    [InlineData("-5", "负数")]
    [InlineData("1.234", "两位小数")]
    public void Money_refuses_bad_amounts(string text, string reason)
    {
        Assert.False(Money.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem);
    }
}
