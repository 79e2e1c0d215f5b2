using Microsoft.EntityFrameworkCore;
using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Targets;
using Qingling.Data.Import;
using Qingling.Data.Queries;
using Qingling.Tests.Support;

namespace Qingling.Tests.Audit;

/// <summary>
/// As an auditor checks: a year's figures come from that year's facts only. Importing a later year, with members
/// leaving, being born and losing labour, never moves an earlier year's figures or target list.
/// </summary>
public class YearFactsTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static ImportResult Import(TestDatabase db, string path, int year) => new ImportHandler(db.Store).Run(path, new ImportOptions(year, null, "审计测试"));

    /// <summary>2022: a 5-person household under the line, a 4-person household with labour under the line, a third household.</summary>
    static (GeneratedHousehold Movers, GeneratedHousehold Losing, GeneratedHousehold Other) Year2022() => (
        ExportBuilder.Household(1, HouseholdType.ExitedPoverty, 5, labour: true, 9_382.44m),
        ExportBuilder.Household(2, HouseholdType.ExitedPoverty, 4, labour: true, 8_000m),
        ExportBuilder.Household(3, HouseholdType.ExitedPoverty, 3, labour: true, 12_000m));

    /// <summary>
    /// 2023: the first household's last member moves to the third; the second household's labour all becomes
    /// 丧失劳动力; the third has a baby. Incomes as in 2022.
    /// </summary>
    static (GeneratedHousehold, GeneratedHousehold, GeneratedHousehold) Year2023(GeneratedHousehold movers, GeneratedHousehold losing, GeneratedHousehold other)
    {
        var moving = movers.Members[^1];
        var baby = new GeneratedMember("新生儿", IdNumber.Create("990000", new DateOnly(2023, 5, 1), 7), "之孙", Sex.Male, new DateOnly(2023, 5, 1),
            "汉族", "学龄前儿童", "", "健康", "", LabourCapacity.None, "", 0);
        return (
            movers with { Year = 2023, Members = movers.Members.Take(movers.Members.Count - 1).ToList() },
            losing with { Year = 2023, Members = losing.Members.Select(m => m.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled or LabourCapacity.Weak
                ? m with { Labour = LabourCapacity.Lost, WorkStatus = "非务工", MonthsWorked = 0 } : m).ToList() },
            other with { Year = 2023, Members = [.. other.Members, moving with { Relation = "其他" }, baby] });
    }

    static string Write(TestDatabase db, string name, params GeneratedHousehold[] households)
    {
        var b = new ExportBuilder();
        foreach (var h in households) b.Add(h);
        return b.WriteCsv(Path.Combine(db.Folder, name));
    }

    static List<(string Code, int Persons, decimal PerCapita)> Figures(TestDatabase db, int year)
    {
        using var c = db.Store.CreateContext();
        return IncomeQuery.ForYear(c, year).Select(r => (r.Household.HouseholdCode, r.Household.Income.Persons, r.Household.Income.PerCapitaNetIncome ?? 0)).ToList();
    }

    static List<TargetHousehold> Targets(TestDatabase db, int year)
    {
        using var c = db.Store.CreateContext();
        return IncomeQuery.Targets(c, year, new TargetRule()).ToList();
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_later_export_never_moves_an_earlier_years_figures_or_target_list(string provider)
    {
        using var db = new TestDatabase(provider);
        var (movers, losing, other) = Year2022();
        Assert.Equal(ImportOutcome.Imported, Import(db, Write(db, "2022.csv", movers, losing, other), 2022).Outcome);
        var figures2022 = Figures(db, 2022);
        var targets2022 = Targets(db, 2022);
        Assert.Equal([movers.Code, losing.Code], targets2022.Select(t => t.HouseholdCode).Order());
        Assert.Equal(9_382.44m, figures2022.Single(f => f.Code == movers.Code).PerCapita);

        var (movers23, losing23, other23) = Year2023(movers, losing, other);
        var result = Import(db, Write(db, "2023.csv", movers23, losing23, other23), 2023);
        Assert.Equal(ImportOutcome.Imported, result.Outcome);

        Assert.Equal(figures2022, Figures(db, 2022));
        Assert.Equal(targets2022, Targets(db, 2022));

        // 2023 by 2023's facts: 4 persons share the same income; the household that lost its labour is no target.
        var figures2023 = Figures(db, 2023).ToDictionary(f => f.Code);
        Assert.Equal(4, figures2023[movers.Code].Persons);
        Assert.Equal(Money.Round(movers.NetIncome / 4), figures2023[movers.Code].PerCapita);
        Assert.Equal(5, figures2023[other.Code].Persons);
        Assert.DoesNotContain(Targets(db, 2023), t => t.HouseholdCode == losing.Code);

        // Importing the 2022 export again after 2023's changes nothing: not 2022, not the register's current state.
        var again = Import(db, Write(db, "2022-again.csv", movers, losing, other), 2022);
        Assert.Equal(ImportOutcome.Unchanged, again.Outcome);
        Assert.Equal(4, Figures(db, 2023).Single(f => f.Code == movers.Code).Persons);
        using var c = db.Store.CreateContext();
        var movedName = movers.Members[^1].Name;
        var moved = c.Members.AsNoTracking().Single(m => m.Name == movedName);
        Assert.Equal(other.Code, c.Households.Single(h => h.Id == moved.HouseholdId).Code);
        Assert.Null(moved.LeftOn);
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_baseline_list_is_the_baseline_years_even_after_a_household_changes_type(string provider)
    {
        using var db = new TestDatabase(provider);
        var (movers, losing, other) = Year2022();
        Import(db, Write(db, "2022.csv", movers, losing, other), 2022);
        // In 2023 the second household is recorded as 一般农户 (and its labour is lost): it was a 2022 target all the same.
        var (movers23, losing23, other23) = Year2023(movers, losing, other);
        Import(db, Write(db, "2023.csv", movers23, losing23 with { Type = HouseholdType.Ordinary }, other23), 2023);
        new Qingling.Data.Plans.PlanHandler(db.Store, "审计测试").Load(Qingling.Tests.Plans.PlanTests.SamplePath);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "审计测试").Get("mengyong-2023");
        var frozen = new Qingling.Data.Plans.BaselineHandler(db.Store, "审计测试").Freeze(plan, replace: false);
        Assert.Equal([movers.Code, losing.Code], frozen.Select(b => b.HouseholdCode).Order());
        Assert.Equal(movers.Members.Count, frozen.Single(b => b.HouseholdCode == movers.Code).Persons);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_year_without_any_record_has_no_figures(string provider)
    {
        using var db = new TestDatabase(provider);
        var (movers, losing, other) = Year2022();
        Import(db, Write(db, "2022.csv", movers, losing, other), 2022);
        Assert.Empty(Figures(db, 2021));
        Assert.Empty(Targets(db, 2021));
        // An open year is described by the latest record until its own arrives.
        Assert.Equal(3, Figures(db, 2023).Count);
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_annual_export_on_top_of_in_year_entries_is_the_years_income(string provider)
    {
        using var db = new TestDatabase(provider);
        var (movers, losing, other) = Year2022();
        Import(db, Write(db, "2022.csv", movers, losing, other), 2022);
        using (var c = db.Store.CreateContext())
        {
            var id = c.Households.Single(h => h.Code == movers.Code).Id;
            foreach (var month in Enumerable.Range(1, 6))
                c.IncomeEntries.Add(new IncomeEntry
                {
                    HouseholdId = id, Year = 2023, Month = month, Category = IncomeCategory.Wage, Subcategory = "务工收入", Amount = 2_000m,
                    Source = IncomeSource.Manual, RecordedBy = "村干部", RecordedAt = DateTime.UtcNow,
                });
            c.IncomeEntries.Add(new IncomeEntry
            {
                HouseholdId = id, Year = 2023, Month = 6, Category = IncomeCategory.Production, Subcategory = "养殖业收入", Amount = 3_000m,
                Source = IncomeSource.Manual, RecordedBy = "走访", RecordedAt = DateTime.UtcNow,
            });
            c.SaveChanges();
        }
        // Before the annual record: the in-year entries are the year's income so far.
        Assert.Equal(15_000m, Figures(db, 2023).Single(f => f.Code == movers.Code).PerCapita * 5);

        var (movers23, losing23, other23) = Year2023(movers, losing, other);
        Import(db, Write(db, "2023.csv", movers23, losing23, other23), 2023);
        using var check = db.Store.CreateContext();
        var row = IncomeQuery.ForYear(check, 2023).Single(r => r.Household.HouseholdCode == movers.Code);
        Assert.Equal(movers23.NetIncome, row.Household.Income.NetIncome);
        // A second 2023 export (corrected) still leaves exactly the export's figure.
        var corrected = movers23 with { Income = [.. movers23.Income, (IncomeCategory.Property, "土地流转收入", 800m)] };
        Assert.Equal(ImportOutcome.Imported, Import(db, Write(db, "2023-corrected.csv", corrected, losing23, other23), 2023).Outcome);
        using var check2 = db.Store.CreateContext();
        Assert.Equal(corrected.NetIncome, IncomeQuery.ForYear(check2, 2023).Single(r => r.Household.HouseholdCode == movers.Code).Household.Income.NetIncome);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_corrected_export_of_the_same_year_takes_a_member_out_of_that_year_only(string provider)
    {
        using var db = new TestDatabase(provider);
        var (movers, losing, other) = Year2022();
        Import(db, Write(db, "2022.csv", movers, losing, other), 2022);
        var (movers23, losing23, other23) = Year2023(movers, losing, other);
        Import(db, Write(db, "2023.csv", movers23, losing23, other23), 2023);
        // The 2023 export is corrected: the baby was registered in error.
        var fixedOther = other23 with { Members = other23.Members.Take(other23.Members.Count - 1).ToList() };
        var result = Import(db, Write(db, "2023-fixed.csv", movers23, losing23, fixedOther), 2023);
        Assert.Equal(ImportOutcome.Imported, result.Outcome);
        Assert.Equal(4, Figures(db, 2023).Single(f => f.Code == other.Code).Persons);
        Assert.Equal(3, Figures(db, 2022).Single(f => f.Code == other.Code).Persons);
        using var c = db.Store.CreateContext();
        Assert.Contains(c.AuditEntries.AsNoTracking().Where(a => a.ImportBatchId == result.Batch!.Id), a => a.Entity == "成员年度信息" && a.Action == "删除");
    }
}
