using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Plans;
using Qingling.Data.Demo;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Measures;

/// <summary>
/// A date's figures read for that date alone (the command line, the review pack, scores: the plan year's ledger summed in the
/// database up to the date's month) are the figures read once for every date (the web's cache, the quarter's trend) on that date.
/// </summary>
public class OneDateFiguresTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static readonly DateOnly[] Dates =
    [
        new(2022, 12, 31), new(2023, 1, 15), new(2023, 2, 28), new(2023, 3, 31), new(2023, 4, 30), new(2023, 5, 9), new(2023, 5, 10),
        new(2023, 5, 31), new(2023, 6, 30), new(2023, 7, 1), new(2023, 9, 30), new(2023, 12, 30), new(2023, 12, 31), new(2024, 2, 1),
    ];

    [Theory, MemberData(nameof(Providers))]
    public void Every_dates_figures_read_for_it_alone_equal_those_read_for_every_date(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get("mengyong-2023");
        List<long> ids = [];
        using (var c = db.Store.CreateContext())
        {
            // Beside the demo's monthly ledger: a whole-year line recorded in May (it counts from that moment), a monthly line
            // excluded from net income, and a July line that only dates after June may count.
            var households = c.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => h.Id).Take(3).ToList();
            ids = households;
            c.IncomeEntries.AddRange(
                Entry(households[0], null, IncomeCategory.Transfer, 1_200m, new DateTime(2023, 5, 10, 9, 30, 0, DateTimeKind.Utc)),
                Entry(households[1], 3, IncomeCategory.Wage, 50_000m, new DateTime(2023, 3, 31, 0, 0, 0, DateTimeKind.Utc)),
                Entry(households[2], 7, IncomeCategory.Production, 900m, new DateTime(2023, 7, 31, 0, 0, 0, DateTimeKind.Utc)),
                // A measure's income verified in November: income of that month, but no month of the monthly ledger.
                Verified(Entry(households[2], 11, IncomeCategory.Wage, 700m, new DateTime(2023, 11, 20, 0, 0, 0, DateTimeKind.Utc))));
            c.SaveChanges();
            var excluded = c.IncomeEntries.Single(e => e.HouseholdId == households[1] && e.Amount == 50_000m);
            excluded.ExcludedReason = "一次性救助";
            c.SaveChanges();
        }

        using var read = db.Store.CreateContext();
        var everyDate = ProgressQuery.Load(read, plan);
        var json = new JsonSerializerOptions { WriteIndented = false };
        var underLine = new List<int>();
        foreach (var date in Dates)
        {
            var alone = ProgressQuery.Build(read, plan, date);
            var shared = everyDate.At(date);
            Assert.Equal(shared.LedgerMonths, alone.LedgerMonths);
            // Equal amounts (a sum made in the database may keep fewer trailing zeros: 1222.1 for 1222.10).
            Assert.Equal(shared.Households.Select(h => (h.HouseholdId, h.Baseline, h.Recorded, h.Projected)),
                alone.Households.Select(h => (h.HouseholdId, h.Baseline, h.Recorded, h.Projected)));
            var results = IndicatorCalculator.Compute(alone);
            Assert.Equal(JsonSerializer.Serialize(IndicatorCalculator.Compute(shared), json), JsonSerializer.Serialize(results, json));
            underLine.Add((int)(results.First(r => r.Kind == IndicatorKind.HouseholdsUnderLine).Value ?? -1));
        }
        // The dates do see different ledgers (the comparison is not of empty figures), and the amounts are the ones entered.
        Assert.True(underLine.Distinct().Count() > 2, string.Join(",", underLine));
        decimal Of(DateOnly date, int household, Func<HouseholdIncome, decimal> part) =>
            part(ProgressQuery.Build(read, plan, date).Households.Single(h => h.HouseholdId == ids[household]).Recorded);
        Assert.Equal(1_200m, Of(new(2023, 5, 10), 0, i => i.Transfer) - Of(new(2023, 5, 9), 0, i => i.Transfer));
        Assert.Equal(900m, Of(new(2023, 7, 1), 2, i => i.Production) - Of(new(2023, 6, 30), 2, i => i.Production));
        Assert.Equal(700m, Of(new(2023, 11, 30), 2, i => i.Wage) - Of(new(2023, 10, 31), 2, i => i.Wage));
        Assert.True(Of(new(2023, 3, 31), 1, i => i.Wage) - Of(new(2023, 2, 28), 1, i => i.Wage) < 50_000m);
        // The verified measure's November income makes no month of the ledger entered: July (the last line entered by hand) stays the last.
        Assert.Equal(ProgressQuery.Build(read, plan, new(2023, 7, 31)).LedgerMonths, ProgressQuery.Build(read, plan, new(2023, 12, 30)).LedgerMonths);

        // Data read for one date answers for no other.
        var june = ProgressQuery.Build(read, plan, new(2023, 6, 30));
        Assert.Throws<InvalidOperationException>(() => ProgressQuery.LoadOn(read, plan, new(2023, 6, 30)).At(new(2023, 7, 31)));
        Assert.NotEmpty(june.Households);
    }

    static IncomeEntry Verified(IncomeEntry e)
    {
        e.Source = IncomeSource.Measure;
        e.Note = "措施核实增收";
        return e;
    }

    static IncomeEntry Entry(long household, int? month, IncomeCategory category, decimal amount, DateTime at) => new()
    {
        HouseholdId = household, Year = 2023, Month = month, Category = category, Subcategory = IncomeCategories.Name(category),
        Amount = amount, Source = IncomeSource.Manual, RecordedBy = "测试", RecordedAt = at,
    };
}
