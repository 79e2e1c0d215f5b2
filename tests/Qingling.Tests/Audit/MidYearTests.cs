using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Data.Import;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Plans;
using Qingling.Tests.Support;

namespace Qingling.Tests.Audit;

/// <summary>Figures from an incomplete year are labelled with the months they cover and not judged; the annual record makes the year whole.</summary>
public class MidYearTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void Half_a_years_income_is_labelled_and_not_judged_until_the_year_is_whole(string provider)
    {
        using var db = new TestDatabase(provider);
        var household = ExportBuilder.Household(1, HouseholdType.ExitedPoverty, 4, labour: true, 8_000m);
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(new ExportBuilder().Add(household).WriteCsv(Path.Combine(db.Folder, "2022.csv")), new ImportOptions(2022)).Outcome);
        new PlanHandler(db.Store, "测试").Load(PlanTests.SamplePath);
        var plan = new PlanHandler(db.Store, "测试").Get("mengyong-2023");
        using (var c = db.Store.CreateContext())
        {
            var id = c.Households.Single().Id;
            foreach (var month in Enumerable.Range(1, 6))
                c.IncomeEntries.Add(new IncomeEntry { HouseholdId = id, Year = 2023, Month = month, Category = IncomeCategory.Wage, Subcategory = "务工收入", Amount = 3_000m, Source = IncomeSource.Manual, RecordedBy = "测试", RecordedAt = DateTime.UtcNow });
            c.SaveChanges();
        }

        IReadOnlyList<IndicatorResult> At(DateOnly date)
        {
            using var c = db.Store.CreateContext();
            return IndicatorCalculator.Compute(ProgressQuery.Build(c, plan, date));
        }
        var june = At(new DateOnly(2023, 6, 30)).ToDictionary(r => r.Key);
        // 18,000 in six months for 4 people is 4,500 each: under the line by the half year, but that says nothing yet.
        Assert.Equal(1m, june["under-line-households"].Value);
        Assert.Equal("1—6月已录入", june["under-line-households"].Provisional);
        Assert.False(june["under-line-households"].Judged);
        Assert.Contains("暂不判断", june["growth"].Verdict);
        Assert.All(june["under-line-households"].ByVillage, b => Assert.Null(b.Met));
        Assert.True(june["under-line-projected"].Judged);

        // The 2023 export arrives: the year is whole, judged on the annual record alone.
        var year2023 = household with { Year = 2023, Income = [(IncomeCategory.Wage, "务工收入", 48_000m)] };
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(new ExportBuilder().Add(year2023).WriteCsv(Path.Combine(db.Folder, "2023.csv")), new ImportOptions(2023)).Outcome);
        var end = At(new DateOnly(2023, 12, 31)).ToDictionary(r => r.Key);
        Assert.True(end["under-line-households"].Judged);
        Assert.Equal(0m, end["under-line-households"].Value);
        Assert.Equal(0m, end["under-line-projected"].Value);
        Assert.True(end["under-line-households"].Met);
        // Asked as of June again, the figures are June's: the annual record describes the whole year.
        Assert.Equal(1m, At(new DateOnly(2023, 6, 30)).Single(r => r.Key == "under-line-households").Value);
    }
}
