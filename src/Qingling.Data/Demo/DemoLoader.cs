using Microsoft.EntityFrameworkCore;
using Qingling.Core.Demo;
using Qingling.Core.Income;
using Qingling.Data.Database;
using Qingling.Data.Export;
using Qingling.Data.Import;

namespace Qingling.Data.Demo;

/// <summary>Fills an empty database with the demo town, through the same import path a user's file takes.</summary>
public static class DemoLoader
{
    public const string Actor = "演示数据";

    public static ImportResult Load(Store store)
    {
        using (var db = store.CreateContext())
        {
            if (db.Households.Any()) throw new InvalidOperationException($"数据库 {store.Options.Describe()} 已有数据：演示数据只装入空数据库");
        }
        var town = DemoTown.Build();
        var folder = Directory.CreateTempSubdirectory("qingling-demo-");
        try
        {
            var file = Path.Combine(folder.FullName, $"勐永镇-{DemoTown.BaseYear}-家庭成员.csv");
            ExportFileWriter.Write(file, town);
            var result = new ImportHandler(store).Run(file, new ImportOptions(DemoTown.BaseYear, Actor: Actor));
            if (result.Outcome != ImportOutcome.Imported)
                throw new InvalidOperationException("演示数据导入失败：" + string.Join("；", result.Problems.Kept.Take(5)));
            AddLedger2023(store, town);
            AddPlan(store, town);
            return result;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The Mengyong plan, each target household's 一户一策 with its measures as of June 2023, and the project library.</summary>
    static void AddPlan(Store store, IReadOnlyList<GeneratedHousehold> town)
    {
        using var resource = typeof(DemoLoader).Assembly.GetManifestResourceStream(DemoPlan.PlanResource)!;
        var plan = new Plans.PlanHandler(store, Actor).LoadText(new StreamReader(resource).ReadToEnd(), DemoPlan.PlanResource).Plan;
        var (plans, moves) = DemoPlan.Build(town);
        var handler = new Measures.MeasureHandler(store, plan, Actor);
        var measures = handler.AddPlans(plans);
        foreach (var move in moves) handler.Move(measures[move.Measure].Id, move.To, move.On, move.Evidence, move.Income, move.Subcategory);
        new Plans.BaselineHandler(store, Actor).Freeze(plan, replace: false);
        new Funds.ProjectHandler(store, Actor).Add(DemoPlan.Projects(town), "演示项目库");
    }

    static void AddLedger2023(Store store, IReadOnlyList<GeneratedHousehold> town)
    {
        using var db = store.CreateContext();
        db.Database.OpenConnection();
        using var tx = db.Database.BeginTransaction();
        BulkKeys.Lock(db);
        var ids = db.Households.AsNoTracking().ToDictionary(h => h.Code, h => h.Id);
        var next = (db.IncomeEntries.Max(e => (long?)e.Id) ?? 0) + 1;
        var now = DateTime.UtcNow;
        using (var entries = new BulkTable<IncomeEntry>(db))
        {
            foreach (var (h, month, category, subcategory, amount) in DemoTown.Ledger2023(town))
            {
                entries.Add(new IncomeEntry
                {
                    Id = next++, HouseholdId = ids[h.Code], Year = DemoTown.BaseYear + 1, Month = month, Category = category,
                    Subcategory = subcategory, Amount = amount, Source = IncomeSource.Manual, RecordedBy = Actor, RecordedAt = now,
                    Note = "村级动态排查录入",
                });
            }
            entries.Flush();
        }
        db.AuditEntries.Add(new Audit.AuditEntry
        {
            At = now, Actor = Actor, Action = "新增", Entity = "收入",
            Summary = $"录入演示镇{DemoTown.BaseYear + 1}年1—{DemoTown.RecordedThroughMonth}月收入",
        });
        db.SaveChanges();
        BulkKeys.ResyncSequences(db);
        tx.Commit();
    }
}
