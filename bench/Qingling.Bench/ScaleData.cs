using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Data.Database;
using Qingling.Data.Demo;
using Qingling.Data.Export;
using Qingling.Data.Import;
using Qingling.Data.Measures;
using Qingling.Data.Queries;

/// <summary>
/// A town at scale for the CLI and page benchmarks (bench/cli-floor.sh): the generator's 2022 export imported, a 2023
/// ledger for January to June (entered per quarter, March and June, so 1M members stay a few million entries), the
/// Mengyong plan, an 一户一策 with measures for the first 2022 target households (--measure-households, default 2,000) (some already moved on), the baseline
/// frozen and the demo's project library. Synthetic only: the generator's ID numbers use address code 99xxxx.
/// </summary>
static class ScaleData
{
    const string Actor = "规模测试数据";

    public static int Run(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var households = int.Parse(Arg("--households") ?? "272700");
        var seed = int.Parse(Arg("--seed") ?? "7");
        var options = Arg("--connection") is { } c ? DatabaseOptions.Postgres(c) : DatabaseOptions.SqliteFile(Arg("--db") ?? throw new ArgumentException("--db or --connection"));
        var store = Store.Open(options, Path.GetFullPath(Arg("--key-file") ?? throw new ArgumentException("--key-file")));
        var clock = Stopwatch.StartNew();
        void Say(string what) => Console.WriteLine($"{clock.Elapsed.TotalSeconds,7:0.0} s  {what}");

        var town = new TownGenerator(TownProfile.Mengyong, seed, 2022).Generate(households).ToList();
        var folder = Directory.CreateTempSubdirectory("qingling-scale-");
        try
        {
            var file = Path.Combine(folder.FullName, "scale-2022.csv");
            ExportFileWriter.Write(file, town);
            var result = new ImportHandler(store).Run(file, new ImportOptions(2022, Actor: Actor));
            if (result.Outcome != ImportOutcome.Imported) throw new InvalidOperationException(string.Join("；", result.Problems.Kept.Take(5)));
            Say($"imported {result.Rows} members");
        }
        finally { folder.Delete(recursive: true); }

        using var resource = typeof(DemoLoader).Assembly.GetManifestResourceStream(DemoPlan.PlanResource)!;
        var plan = new Qingling.Data.Plans.PlanHandler(store, Actor).LoadText(new StreamReader(resource).ReadToEnd(), DemoPlan.PlanResource).Plan;
        List<long> targets;
        using (var db = store.CreateContext())
            targets = IncomeQuery.Targets(db, 2022, plan.TargetRule).Select(t => t.HouseholdId).ToList();
        var targetSet = targets.ToHashSet();
        Dictionary<string, long> ids;
        using (var db = store.CreateContext()) ids = db.Households.AsNoTracking().ToDictionary(h => h.Code, h => h.Id);
        Say($"{targets.Count} target households in 2022");

        AddLedger2023(store, town, ids, targetSet);
        Say("2023 ledger (January–June) added");

        var byId = town.ToDictionary(h => ids[h.Code]);
        // Measures are added one by one through the handler (checks, trace): a few thousand households keep this in minutes.
        var withMeasures = int.Parse(Arg("--measure-households") ?? "2000");
        var (plans, moves) = Measures(targets.Take(withMeasures).Select(id => byId[id]).ToList());
        var handler = new MeasureHandler(store, plan, Actor);
        var measures = handler.AddPlans(plans);
        Say($"{measures.Count} measures added");
        foreach (var move in moves) handler.Move(measures[move.Measure].Id, move.To, move.On, move.Evidence, move.Income, move.Subcategory);
        Say($"{moves.Count} status moves");
        new Qingling.Data.Plans.BaselineHandler(store, Actor).Freeze(plan, replace: false);
        new Qingling.Data.Funds.ProjectHandler(store, Actor).Add(DemoPlan.Projects(town), "规模测试项目库");
        Say("baseline frozen, projects added");
        return 0;
    }

    static void AddLedger2023(Store store, IReadOnlyList<GeneratedHousehold> town, Dictionary<string, long> ids, HashSet<long> targets)
    {
        using var db = store.CreateContext();
        db.Database.OpenConnection();
        using var tx = db.Database.BeginTransaction();
        BulkKeys.Lock(db);
        var next = (db.IncomeEntries.Max(e => (long?)e.Id) ?? 0) + 1;
        var now = DateTime.UtcNow;
        using (var entries = new BulkTable<IncomeEntry>(db))
        {
            for (var i = 0; i < town.Count; i++)
            {
                var h = town[i];
                var id = ids[h.Code];
                var rng = new Random(7 * 31 + i);
                // Targets grow less on their own: their measures are what should carry them over the line.
                var growth = targets.Contains(id) ? 1.00m + (decimal)rng.NextDouble() * 0.20m : 1.05m + (decimal)rng.NextDouble() * 0.22m;
                foreach (var (category, subcategory, amount) in h.Income)
                {
                    var quarter = Money.Round(amount * growth / 4m);
                    if (quarter <= 0) continue;
                    foreach (var month in (int[])[3, 6])
                        entries.Add(new IncomeEntry
                        {
                            Id = next++, HouseholdId = id, Year = 2023, Month = month, Category = category, Subcategory = subcategory, Amount = quarter,
                            Source = IncomeSource.Manual, RecordedBy = Actor, RecordedAt = now, Note = "村级动态排查录入（按季）",
                        });
                }
            }
            entries.Flush();
        }
        db.AuditEntries.Add(new Qingling.Data.Audit.AuditEntry { At = now, Actor = Actor, Action = "新增", Entity = "收入", Summary = "录入规模测试2023年1—6月收入" });
        db.SaveChanges();
        BulkKeys.ResyncSequences(db);
        tx.Commit();
    }

    /// <summary>The demo's kinds of measures, spread over every target household by its index.</summary>
    static (List<HouseholdPlanInput>, List<DemoPlan.Move>) Measures(IReadOnlyList<GeneratedHousehold> targets)
    {
        var plans = new List<HouseholdPlanInput>();
        var moves = new List<DemoPlan.Move>();
        var index = 0;
        string[] diagnoses = ["缺技能", "缺资金", "产业规模小", "就业不稳", "因病", "缺土地", "交通不便"];
        string[] crops = ["茶", "糖", "牛", "果", "菜", "林"];
        var consent = new DateOnly(2023, 2, 20);
        for (var t = 0; t < targets.Count; t++)
        {
            var h = targets[t];
            var workers = h.Members.Where(m => m.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled && 2023 - m.BirthDate.Year is >= 18 and <= 55).ToList();
            MeasureInput Base(string channel, string kind, string description, string department, decimal gain, string category, int paysFrom) => new()
            {
                Household = h.Code, Channel = channel, Kind = kind, Description = description, Department = department,
                ResponsiblePerson = h.Cadre, Start = new DateOnly(2023, 3, 1), End = new DateOnly(2023, 12, 31), ExpectedGain = gain,
                GainCategory = category, PaysFromMonth = paysFrom, Status = "under-way", StatusOn = new DateOnly(2023, 3, 1),
                ConsentOn = consent, ConsentHow = "户主签字",
            };
            var measures = new List<MeasureInput>();
            var crop = crops[t % crops.Length];
            var industry = Base(Channels.Industry, $"{crop}产业", $"{crop}产业提质增效", t % 3 == 0 ? "镇林业草原服务中心" : "镇农业农村服务中心", 1_200m + 50m * (t % 40), "生产经营性", 7) with
            {
                Details = new MeasureDetails { Industry = crop, Scale = 5 + t % 4, ScaleUnit = "亩", MarketEntity = "勐永镇农民专业合作社", PurchaseAgreement = true },
                End = t % 5 == 0 ? new DateOnly(2023, 6, 15) : new DateOnly(2023, 12, 31),
            };
            if (t % 17 == 4) industry = industry with { Status = "declined", ConsentOn = null, ConsentHow = "", DeclineReason = "户主年纪大，不愿意发展产业" };
            measures.Add(industry);
            if (workers.Count > 0 && t % 3 != 2)
            {
                measures.Add(Base(Channels.Training, "技能培训", "技能培训（40学时）", t % 2 == 0 ? "镇社会保障服务中心" : "镇妇联", 0m, "", 1) with
                {
                    Member = workers[0].IdNumber, End = new DateOnly(2023, 5, 31),
                    Details = new MeasureDetails { Course = "电工", Hours = 40, Certificate = "职业技能等级证书" },
                });
                if (t % 2 == 0) moves.Add(new DemoPlan.Move(index + measures.Count - 1, MeasureStatus.Done, new DateOnly(2023, 5, 20), $"结业证书编号JN2023-{t + 1:000000}"));
            }
            if (workers.Count > 0 && t % 4 == 1)
                measures.Add(Base(Channels.Employment, "县内就业", "到县城帮扶车间就业", "镇社会保障服务中心", 3_800m * 6, "工资性", 5) with
                {
                    Member = workers[^1].IdNumber, Start = new DateOnly(2023, 4, 1), StatusOn = new DateOnly(2023, 4, 1),
                    Details = new MeasureDetails { Destination = "县内", Employer = "勐永帮扶车间", MonthlyWage = 3_800m, Months = 9, EmploymentChannel = "帮扶车间" },
                });
            if (t % 9 == 2)
                measures.Add(Base(Channels.Finance, "脱贫人口小额信贷", "申请小额信贷3万元扩大茶园", "勐永信用社", 3_000m, "生产经营性", 9) with
                {
                    Member = h.Members.First(m => m.Relation == "户主").IdNumber, StatusOn = new DateOnly(2023, 5, 15), Start = new DateOnly(2023, 5, 15),
                    Details = new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = 30_000m, TermMonths = 36, Purpose = "生产经营", InterestSubsidised = true },
                });
            plans.Add(new HouseholdPlanInput
            {
                Household = h.Code, Diagnosis = [diagnoses[t % diagnoses.Length], diagnoses[(t + 3) % diagnoses.Length]],
                Wishes = "希望多学一门手艺，家门口有活干", Measures = measures,
            });
            index += measures.Count;
        }
        return (plans, moves);
    }
}
