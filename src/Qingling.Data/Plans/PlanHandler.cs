using Microsoft.EntityFrameworkCore;
using Qingling.Core.Plans;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Plans;

/// <summary>Loads, lists and reads plans. A plan that does not hold together is refused with every reason.</summary>
public sealed class PlanHandler(Store store, string actor)
{
    public sealed record Loaded(PlanDefinition Plan, bool Replaced);

    public Loaded Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"找不到方案文件 {path}", path);
        var plan = PlanJson.Parse(File.ReadAllText(path), Path.GetFileName(path));
        var problems = PlanValidator.Problems(plan);
        if (problems.Count > 0) throw new InvalidDataException($"{Path.GetFileName(path)}：方案不成立，未载入：\n  " + string.Join("\n  ", problems));
        return Save(plan);
    }

    public Loaded Save(PlanDefinition plan)
    {
        using var db = store.CreateContext();
        var json = PlanJson.Write(plan);
        var existing = db.Plans.SingleOrDefault(p => p.Key == plan.Key);
        var now = DateTime.UtcNow;
        if (existing is not null && existing.Definition == json) return new Loaded(plan, false);
        var before = existing?.Definition;
        existing ??= db.Plans.Add(new StoredPlan { Key = plan.Key }).Entity;
        (existing.Name, existing.Year, existing.Definition, existing.LoadedAt, existing.LoadedBy) = (plan.Name, plan.Year, json, now, actor);
        db.SaveChanges();
        AuditLog.Add(db, actor, before is null ? "新增" : "修改", "方案", $"{(before is null ? "载入" : "更新")}方案 {plan.Key}（{plan.Name}）", existing.Id, before: before, after: json);
        db.SaveChanges();
        return new Loaded(plan, before is not null);
    }

    public IReadOnlyList<StoredPlan> List()
    {
        using var db = store.CreateContext();
        return db.Plans.AsNoTracking().OrderByDescending(p => p.Year).ThenBy(p => p.Key).ToList();
    }

    /// <summary>The plan by key; with no key, the only plan, or the latest year's when there are several.</summary>
    public PlanDefinition Get(string? key)
    {
        var plans = List();
        var stored = key is null ? plans.FirstOrDefault() : plans.FirstOrDefault(p => p.Key == key || p.Name == key);
        if (stored is null)
            throw new InvalidOperationException(key is null ? "尚未载入任何方案：请先运行 qingling plan load 方案文件.json"
                : $"没有方案“{key}”；已有：{(plans.Count == 0 ? "（无）" : string.Join("、", plans.Select(p => p.Key)))}");
        return PlanJson.Parse(stored.Definition, stored.Key);
    }
}
