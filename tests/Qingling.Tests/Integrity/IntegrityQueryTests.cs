using System.Text.Json;
using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Data.Import;
using Qingling.Data.Integrity;
using Qingling.Tests.Support;

namespace Qingling.Tests.Integrity;

/// <summary>
/// Two years of exports, imported as a township would: peers with ordinary growth, a household pushed just over the
/// line, a production jump from nowhere, a member who really started migrant work, and two copied households.
/// </summary>
public class IntegrityQueryTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static GeneratedHousehold H(int index, int size, decimal perCapita) => ExportBuilder.Household(index, HouseholdType.ExitedPoverty, size, labour: true, perCapita);

    static GeneratedHousehold Idle(GeneratedHousehold h) =>
        h with { Members = h.Members.Select(m => m with { WorkStatus = "非务工", MonthsWorked = 0 }).ToList() };

    static GeneratedHousehold Next(GeneratedHousehold h, params (IncomeCategory Category, string Sub, decimal Amount)[] extra) =>
        h with { Year = 2023, Income = [.. h.Income, .. extra] };

    static GeneratedHousehold Scaled(GeneratedHousehold h, decimal factor) =>
        h with { Year = 2023, Income = h.Income.Select(l => (l.Category, l.Subcategory, Money.Round(l.Amount * factor))).ToList() };

    internal sealed record Town(List<GeneratedHousehold> Y2022, List<GeneratedHousehold> Y2023, string Pushed, string Jumped, string Migrant, string[] Copies, string[] Peers);

    static Town Build()
    {
        var peers = Enumerable.Range(1, 6).Select(i => Idle(H(i, 4, 12_000m + i * 537.13m))).ToList();
        var pushed = Idle(H(20, 4, 9_300m));
        var jumped = Idle(H(21, 4, 15_000m));
        var migrant = Idle(H(22, 4, 11_000m));
        var copyA = Idle(H(23, 4, 8_000m));
        var copyB = Idle(H(24, 3, 9_000m));
        var copied = new List<(IncomeCategory, string, decimal)>
        {
            (IncomeCategory.Wage, "务工收入", 21_345.67m), (IncomeCategory.Production, "种植业收入", 8_765.43m),
            (IncomeCategory.Transfer, "生态补偿金", 1_234.56m), (IncomeCategory.ProductionCost, "种苗饲料化肥", 2_109.87m),
        };
        var startsWork = migrant with
        {
            Year = 2023,
            Members = migrant.Members.Select((m, i) => i == 0 ? m with { Labour = LabourCapacity.Ordinary, WorkStatus = "省外务工", MonthsWorked = 10 } : m).ToList(),
            Income = [.. migrant.Income, (IncomeCategory.Wage, "务工收入", 40_000m)],
        };
        // A household of another village, so that village's users have a scope of their own.
        peers.Add(Idle(new TownGenerator(TownProfile.Mengyong, 11, 2022).Make(30, 300, "勐永社区", 0, new Random(30), HouseholdType.ExitedPoverty, 3, true, 13_000m)));
        var y2023 = peers.Select(p => Scaled(p, 1.04m)).ToList();
        y2023.Add(Next(pushed, (IncomeCategory.Wage, "务工收入", 4 * (10_150m - pushed.PerCapita))));
        y2023.Add(Next(jumped, (IncomeCategory.Production, "养殖业收入", 3 * jumped.Total(IncomeCategory.Production) + 8_000m)));
        y2023.Add(startsWork);
        y2023.Add(copyA with { Year = 2023, Income = copied });
        y2023.Add(copyB with { Year = 2023, Income = copied });
        return new Town([.. peers, pushed, jumped, migrant, copyA, copyB], y2023, pushed.Code, jumped.Code, migrant.Code,
            [copyA.Code, copyB.Code], peers.Select(p => p.Code).ToArray());
    }

    static string Write(TestDatabase db, string name, IEnumerable<GeneratedHousehold> households)
    {
        var b = new ExportBuilder();
        foreach (var h in households) b.Add(h);
        return b.WriteCsv(Path.Combine(db.Folder, name));
    }

    internal static Town Load(TestDatabase db)
    {
        var town = Build();
        foreach (var (year, list) in new[] { (2022, town.Y2022), (2023, town.Y2023) })
        {
            var r = new ImportHandler(db.Store).Run(Write(db, $"{year}.csv", list), new ImportOptions(year, null, "诚信测试"));
            Assert.Equal(ImportOutcome.Imported, r.Outcome);
        }
        return town;
    }

    [Theory, MemberData(nameof(Providers))]
    public void Paper_increases_are_found_and_a_member_starting_work_is_not(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = Load(db);
        using var c = db.Store.CreateContext();
        var alerts = IntegrityQuery.Run(c, 2023, new IntegritySettings()).Alerts;
        bool Has(string code, string kind) => alerts.Any(a => a.HouseholdCode == code && a.Kind == kind);

        Assert.True(Has(town.Pushed, IntegrityKinds.JustOverLine), string.Join("\n", alerts));
        Assert.True(Has(town.Jumped, IntegrityKinds.UnexplainedJump), string.Join("\n", alerts));
        Assert.Contains("生产经营性收入", alerts.First(a => a.HouseholdCode == town.Jumped && a.Kind == IntegrityKinds.UnexplainedJump).Reason);
        Assert.All(town.Copies, code => Assert.True(Has(code, IntegrityKinds.CopyPaste)));
        Assert.DoesNotContain(alerts, a => a.HouseholdCode == town.Migrant && a.Kind is IntegrityKinds.UnexplainedJump or IntegrityKinds.JustOverLine);
        Assert.DoesNotContain(alerts, a => town.Peers.Contains(a.HouseholdCode) && a.Kind is IntegrityKinds.UnexplainedJump or IntegrityKinds.JustOverLine or IntegrityKinds.CopyPaste);

        // Without last year's record the migrant's wages would have nothing to explain them: the facts are what clears it.
        var cases = IntegrityQuery.Cases(c, 2023);
        var migrant = cases.Single(x => x.HouseholdCode == town.Migrant);
        Assert.Contains(migrant.Members, m => m.WorkStatus == "省外务工");
        Assert.DoesNotContain(migrant.PreviousMembers!, m => m.WorkStatus == "省外务工");
    }

    /// <summary>
    /// Income a visit found is recorded in the ledger with the visit's number at the start of its note: the checks read
    /// those lines as what the visit found (the read picks them out in SQL by that prefix), summed per visit and category,
    /// and not a line whose note only mentions a visit further on, nor an excluded one.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public void Lines_a_visit_recorded_reach_the_checks_as_that_visits_findings(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = Load(db);
        using (var c = db.Store.CreateContext())
        {
            var household = c.Households.Single(h => h.Code == town.Jumped);
            var round = new Qingling.Core.Rhythm.ScreeningRound { PlanKey = "mengyong-2023", VillageId = household.VillageId, Name = "第二季度排查", From = new DateOnly(2023, 4, 1), To = new DateOnly(2023, 6, 30), CreatedBy = "测试" };
            c.ScreeningRounds.Add(round);
            c.SaveChanges();
            var visit = new Qingling.Core.Rhythm.Visit { RoundId = round.Id, HouseholdId = household.Id, On = new DateOnly(2023, 5, 12), Visitors = "岩明", Changes = "新增养殖" };
            c.Visits.Add(visit);
            c.SaveChanges();
            IncomeEntry Line(decimal amount, string note, string? excluded = null) => new()
            {
                HouseholdId = household.Id, Year = 2023, Month = 5, Category = IncomeCategory.Production, Subcategory = "养殖业收入", Amount = amount,
                Source = IncomeSource.Manual, RecordedBy = "测试", RecordedAt = DateTime.UtcNow, Note = note, ExcludedReason = excluded,
            };
            c.IncomeEntries.AddRange(
                Line(1_200m, $"入户走访#{visit.Id}（2023-05-12）"), Line(800.50m, $"入户走访#{visit.Id}（2023-05-12）"),
                Line(5_000m, $"补录：见入户走访#{visit.Id}"), Line(300m, $"入户走访#{visit.Id}（2023-05-12）", "一次性慰问"),
                // Just past the prefix in byte order (SQLite compares the note as bytes): not a visit's line either.
                Line(700m, $"入户走访${visit.Id}"), Line(900m, "入户走访"));
            c.SaveChanges();
        }
        using var check = db.Store.CreateContext();
        var found = IntegrityQuery.Cases(check, 2023).Single(x => x.HouseholdCode == town.Jumped).Visits;
        var fromLedger = Assert.Single(found, v => v.Changes == "走访核实的收入");
        Assert.Equal(2_000.50m, fromLedger.ExpectedChange);
        Assert.Equal(IncomeCategory.Production, fromLedger.Category);
        Assert.Equal(new DateOnly(2023, 5, 12), fromLedger.On);
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_command_lists_alerts_as_json_and_refuses_unknown_kinds_and_villages(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = Load(db);
        var json = Support.Cli.Run(db.Folder, ["integrity", "--year", "2023", "--format", "json", .. db.CliArguments]);
        Assert.True(json.ExitCode == 0, json.Error);
        using var doc = JsonDocument.Parse(json.Output);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("householdCode").GetString() == town.Pushed && r.GetProperty("kind").GetString() == IntegrityKinds.JustOverLine);
        Assert.All(rows, r =>
        {
            foreach (var key in new[] { "householdCode", "village", "kind", "reason", "evidence" }) Assert.False(string.IsNullOrEmpty(r.GetProperty(key).GetString()));
        });

        var onlyCopies = Support.Cli.Run(db.Folder, ["integrity", "--year", "2023", "--kind", "copy-paste", "--format", "csv", .. db.CliArguments]);
        Assert.Equal(0, onlyCopies.ExitCode);
        var lines = onlyCopies.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",copy-paste,", l));

        var badKind = Support.Cli.Run(db.Folder, ["integrity", "--year", "2023", "--kind", "paper", .. db.CliArguments]);
        Assert.Equal(2, badKind.ExitCode);
        Assert.Contains("没有预警类型“paper”", badKind.Error);
        Assert.Contains("just-over-line", badKind.Error);

        var badVillage = Support.Cli.Run(db.Folder, ["integrity", "--year", "2023", "--village", "无此村", .. db.CliArguments]);
        Assert.Equal(2, badVillage.ExitCode);
        Assert.Contains("芒来村", badVillage.Error);
    }
}
