using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Data.Measures;
using Qingling.Tests.Support;

namespace Qingling.Tests.Measures;

/// <summary>脱贫人口小额信贷 is capped per household, not per loan.</summary>
public class MicrocreditTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static MeasureInput Loan(SmallTown town, string description, decimal amount) =>
        SmallTown.Measure(town.Target1, Channels.Finance, "勐永信用社", town.Export.Get(0, "姓名"),
            details: new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = amount, TermMonths = 36, Purpose = "生产经营" }) with { Description = description };

    [Theory, MemberData(nameof(Providers))]
    public void A_second_loan_taking_the_household_over_50000_is_refused_naming_the_loans_it_has(string provider)
    {
        using var town = new SmallTown(provider);
        town.Measures.Add(Loan(town, "小额信贷扩大茶园", 30_000m));
        var e = Assert.Throws<MeasureRejectedException>(() => town.Measures.Add(Loan(town, "再贷买牛", 30_000m)));
        Assert.Contains(e.Problems, p => p.Contains("每户累计不超过50000元") && p.Contains("“小额信贷扩大茶园”30000元") && p.Contains("最多还可贷20000元"));
        town.Measures.Add(Loan(town, "再贷买牛", 20_000m));

        using var c = town.Db.Store.CreateContext();
        var results = IndicatorCalculator.Compute(ProgressQuery.Build(c, town.Plan, new(2023, 6, 30))).ToDictionary(r => r.Key);
        Assert.Equal(50_000m, results["microcredit-amount"].Value);
        Assert.Equal(1m, results["microcredit-households"].Value); // one household, however many loans
        Assert.False(results["microcredit-households"].Met);
    }
}
