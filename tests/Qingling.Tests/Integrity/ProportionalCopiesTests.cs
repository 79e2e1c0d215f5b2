using Qingling.Core.Income;
using Qingling.Core.Integrity;

namespace Qingling.Tests.Integrity;

/// <summary>The grouping behind 数据雷同 "成同一比例", held to its rules: a scaled copy rounded to the yuan, the shifted grid, zeros, order.</summary>
public class ProportionalCopiesTests
{
    static HouseholdIncome I(decimal wage, decimal production, decimal property, decimal transfer, decimal cost) =>
        new(2023, 4, wage, production, property, transfer, cost);

    [Fact]
    public void Groups_come_in_order_of_their_first_household_each_in_index_order()
    {
        var a = I(18_234.50m, 9_876.10m, 0, 1_234.70m, 2_345.60m);
        var b = I(7_000m, 3_100m, 450m, 0, 880m);
        var groups = ProportionalCopies.Groups([a, b, I(36_469.00m, 19_752.20m, 0, 2_469.40m, 4_691.20m), I(14_000m, 6_200m, 900m, 0, 1_760m), I(5_000m, 5_000m, 5_000m, 0, 0)]);
        Assert.Equal([[0, 2], [1, 3]], groups.Select(g => g.ToArray()).ToArray());
    }

    [Fact]
    public void A_copy_scaled_and_rounded_to_the_yuan_is_found_across_a_cell_border()
    {
        // Shares of the largest figure 0.49999 and 0.500005: cells 499 and 500 on the first grid, one cell on the shifted grid.
        var groups = ProportionalCopies.Groups([I(100_000m, 49_999m, 0, 20_000m, 0), I(200_000m, 100_001m, 0, 40_000m, 0)]);
        Assert.Equal([0, 1], Assert.Single(groups));
    }

    [Fact]
    public void Same_figures_a_zero_against_a_small_figure_and_no_income_are_not_proportional()
    {
        var same = I(10_000m, 4_000m, 0, 1_000m, 500m);
        Assert.Empty(ProportionalCopies.Groups([same, same]));
        Assert.Empty(ProportionalCopies.Groups([I(100_000m, 50_000m, 0, 20_000m, 0), I(200_000m, 100_000m, 1m, 40_000m, 0)]));
        Assert.Empty(ProportionalCopies.Groups([I(0, 0, 0, 0, 0), I(0, 0, 0, 0, 0), I(0, 0, 0, 0, 300m)]));
    }

    [Fact]
    public void Copies_of_copies_make_one_group()
    {
        // The same figures are no pair, but each is proportional to the doubled one: the three are one group.
        var a = I(10_000m, 4_000m, 0, 1_000m, 500m);
        var groups = ProportionalCopies.Groups([a, I(20_000m, 8_000m, 0, 2_000m, 1_000m), a]);
        Assert.Equal([0, 1, 2], Assert.Single(groups));
    }
}
