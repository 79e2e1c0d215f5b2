using Microsoft.EntityFrameworkCore;
using Qingling.Core.Indicators;
using Qingling.Core.Plans;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Measures;

namespace Qingling.Data.Plans;

/// <summary>What the baseline list is, and how it compares with the plan's stated figures and with today's data.</summary>
public sealed record BaselineReport(
    PlanDefinition Plan, IReadOnlyList<BaselineHousehold> Frozen, IReadOnlyList<BaselineHousehold> Current, IReadOnlyList<string> Differences)
{
    public int Persons => Frozen.Sum(h => h.Persons);
}

/// <summary>
/// Freezes a plan's baseline target list (the baseline year's 清零对象, households and members) and reconciles it.
/// Once frozen it does not move with later corrections of the baseline year; refreezing needs an explicit replace, traced.
/// </summary>
public sealed class BaselineHandler(Store store, string actor)
{
    /// <summary>The frozen list of a plan as the indicators use it, or null when none is frozen.</summary>
    public static BaselineList? Frozen(QinglingDbContext db, string planKey)
    {
        var rows = db.BaselineHouseholds.AsNoTracking().Where(b => b.PlanKey == planKey).Select(b => new { b.HouseholdId, b.MemberIds }).ToList();
        if (rows.Count == 0) return null;
        var members = rows.SelectMany(r => new BaselineHousehold { MemberIds = r.MemberIds }.Members).ToHashSet();
        return new BaselineList(rows.Select(r => r.HouseholdId).ToHashSet(), members, true);
    }

    public IReadOnlyList<BaselineHousehold> Freeze(PlanDefinition plan, bool replace)
    {
        using var db = store.CreateContext();
        using var tx = db.Database.BeginTransaction();
        var existing = db.BaselineHouseholds.Where(b => b.PlanKey == plan.Key).OrderBy(b => b.HouseholdCode).ToList();
        if (existing.Count > 0 && !replace)
            throw new InvalidOperationException($"方案{plan.Key}的基准名单已于{existing[0].FrozenAt:yyyy-MM-dd HH:mm}（UTC）由{existing[0].FrozenBy}冻结（{existing.Count}户{existing.Sum(b => b.Persons)}人）；"
                + "冻结后不随数据变动。确需重新冻结请加 --replace（留痕）");
        var list = Derive(db, plan);
        if (list.Count == 0) throw new InvalidOperationException($"{plan.BaselineYear}年没有符合方案口径的清零对象：请先导入{plan.BaselineYear}年数据");
        var now = DateTime.UtcNow;
        foreach (var b in list) (b.FrozenAt, b.FrozenBy) = (now, actor);
        var before = existing.Count > 0 ? Snapshot(existing) : null;
        db.BaselineHouseholds.RemoveRange(existing);
        db.SaveChanges();
        db.BaselineHouseholds.AddRange(list);
        AuditLog.Add(db, actor, existing.Count > 0 ? "修改" : "新增", "基准名单",
            $"{(existing.Count > 0 ? "重新冻结" : "冻结")}方案{plan.Key}的{plan.BaselineYear}年基准清零对象：{list.Count}户{list.Sum(b => b.Persons)}人"
            + (existing.Count > 0 ? $"（原{existing.Count}户{existing.Sum(b => b.Persons)}人）" : ""), before: before, after: Snapshot(list));
        db.SaveChanges();
        tx.Commit();
        return list;
    }

    /// <summary>The frozen list against the plan's stated figures (e.g. 11户52人) and against what today's data give.</summary>
    public BaselineReport Show(PlanDefinition plan)
    {
        using var db = store.CreateContext();
        var frozen = db.BaselineHouseholds.AsNoTracking().Where(b => b.PlanKey == plan.Key).OrderBy(b => b.PerCapitaNetIncome).ThenBy(b => b.HouseholdCode).ToList();
        var current = Derive(db, plan);
        var differences = new List<string>();
        var list = frozen.Count > 0 ? frozen : current;
        var which = frozen.Count > 0 ? "冻结名单" : "尚未冻结，按当前数据推算的名单";
        if (plan.BaselineHouseholds is { } h && h != list.Count) differences.Add($"户数：方案载明{h}户，{which}{list.Count}户，相差{list.Count - h:+0;-0}户");
        if (plan.BaselinePersons is { } p && p != list.Sum(b => b.Persons)) differences.Add($"人数：方案载明{p}人，{which}{list.Sum(b => b.Persons)}人，相差{list.Sum(b => b.Persons) - p:+0;-0}人");
        if (frozen.Count > 0)
        {
            var now = current.ToDictionary(b => b.HouseholdId);
            var then = frozen.ToDictionary(b => b.HouseholdId);
            foreach (var b in frozen.Where(b => !now.ContainsKey(b.HouseholdId)))
                differences.Add($"户{b.HouseholdCode}在冻结名单中，按当前{plan.BaselineYear}年数据已不是清零对象（名单不变）");
            foreach (var b in current.Where(b => !then.ContainsKey(b.HouseholdId)))
                differences.Add($"户{b.HouseholdCode}按当前{plan.BaselineYear}年数据是清零对象（{b.Persons}人，人均{b.PerCapitaNetIncome:0.00}元），不在冻结名单中");
            foreach (var b in frozen.Where(b => now.TryGetValue(b.HouseholdId, out var c) && (c.Persons != b.Persons || c.PerCapitaNetIncome != b.PerCapitaNetIncome)))
                differences.Add($"户{b.HouseholdCode}：冻结时{b.Persons}人、人均{b.PerCapitaNetIncome:0.00}元，当前数据{now[b.HouseholdId].Persons}人、人均{now[b.HouseholdId].PerCapitaNetIncome:0.00}元");
        }
        return new BaselineReport(plan, frozen, current, differences);
    }

    /// <summary>The baseline year's targets in the plan's area by its rule, with the members counted that year.</summary>
    static List<BaselineHousehold> Derive(QinglingDbContext db, PlanDefinition plan)
    {
        var input = ProgressQuery.Build(db, plan, new DateOnly(plan.Year, 1, 1));
        var byId = input.Households.ToDictionary(h => h.HouseholdId);
        return IndicatorCalculator.BaselineTargets(input.Households, plan.TargetRule).Select(t => new BaselineHousehold
        {
            PlanKey = plan.Key, HouseholdId = t.HouseholdId, HouseholdCode = t.HouseholdCode, Village = t.Village, Persons = t.Persons,
            PerCapitaNetIncome = t.PerCapitaNetIncome,
            MemberIds = string.Join(",", (byId[t.HouseholdId].BaselineMembers ?? byId[t.HouseholdId].Members).Select(m => m.Id).Order()),
        }).ToList();
    }

    static string Snapshot(IEnumerable<BaselineHousehold> list) =>
        AuditJson.Of(list.Select(b => new { 户编号 = b.HouseholdCode, 村 = b.Village, 人口 = b.Persons, 人均纯收入 = b.PerCapitaNetIncome, 成员 = b.MemberIds }).ToList());
}
