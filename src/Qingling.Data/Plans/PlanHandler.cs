using Microsoft.EntityFrameworkCore;
using Qingling.Core.Plans;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Plans;

/// <summary>
/// Loads, lists and reads plans. A plan that does not hold together is refused with every reason. A town's plan inherits
/// the settings it leaves out from its county's plan (<see cref="PlanInheritance"/>), and follows it when it changes.
/// </summary>
public sealed class PlanHandler(Store store, string actor)
{
    /// <summary>
    /// What a load did: the plan in effect, whether it replaced one, the county plan it inherits from and the settings it
    /// took (a town's), and the town plans brought in line (a county's).
    /// </summary>
    public sealed record Loaded(PlanDefinition Plan, bool Replaced, string? InheritedFrom = null, IReadOnlyList<string>? Inherited = null,
        IReadOnlyList<string>? TownsUpdated = null);

    public Loaded Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"找不到方案文件 {path}", path);
        return LoadText(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Loads a plan given as its file's text (<paramref name="source"/> names it in messages). All or nothing.</summary>
    public Loaded LoadText(string text, string source)
    {
        var plan = PlanJson.Parse(text, source);
        using var db = store.CreateContext();
        using var tx = db.Database.BeginTransaction();
        // One plan load at a time: a town plan loaded while its county's changes must not be derived from the old one.
        if (!db.Database.IsSqlite()) db.Database.ExecuteSqlRaw("SELECT pg_advisory_xact_lock(hashtext('qingling_plans'))");
        var stored = Readable(db.Plans.AsNoTracking().ToList());
        Loaded loaded;
        if (PlanInheritance.IsCountyPlan(plan))
        {
            Check(plan, source);
            var (replaced, _) = Save(db, plan, own: text, "");
            stored.RemoveAll(s => s.Stored.Key == plan.Key);
            stored.Add((new StoredPlan { Key = plan.Key, Year = plan.Year, Definition = PlanJson.Write(plan), Own = text }, plan));
            // Every town plan this county plan now governs takes its settings again.
            var towns = new List<string>();
            foreach (var (town, townPlan) in stored.Where(s => s.Stored.Own is not null && PlanInheritance.Covers(plan, s.Plan)))
            {
                if (CountyFor(stored, townPlan)?.Stored.Key != plan.Key) continue;
                var (json, _) = PlanInheritance.Merge(text, town.Own!);
                var effective = PlanJson.Parse(json, town.Key);
                Check(effective, $"{town.Key}（随县级方案 {plan.Key}）");
                if (Save(db, effective, town.Own, $"，随县级方案 {plan.Key}").Changed) towns.Add(town.Key);
            }
            loaded = new Loaded(plan, replaced, TownsUpdated: towns);
        }
        else if (plan.Region.Town.Length > 0 && CountyFor(stored, plan) is { } county)
        {
            var (json, inherited) = PlanInheritance.Merge(CountyFile(county.Stored), text);
            var effective = PlanJson.Parse(json, source);
            Check(effective, $"{source}（继承县级方案 {county.Stored.Key}）");
            loaded = new Loaded(effective, Save(db, effective, text, "").Replaced, county.Stored.Key, inherited);
        }
        else
        {
            // A town's file is checked as what it is in effect: under a county plan, with what it inherits.
            Check(plan, source);
            loaded = new Loaded(plan, Save(db, plan, plan.Region.Town.Length > 0 ? text : null, "").Replaced);
        }
        tx.Commit();
        return loaded;
    }

    /// <summary>The county plan a stored town plan inherits from and the settings it takes from it; null when it takes none.</summary>
    public (string County, IReadOnlyList<string> Settings)? Inheritance(string key)
    {
        using var db = store.CreateContext();
        var stored = Readable(db.Plans.AsNoTracking().ToList());
        if (stored.FirstOrDefault(s => s.Stored.Key == key) is not { Stored.Own: { } own } town) return null;
        if (CountyFor(stored, town.Plan) is not { } county) return null;
        var (_, inherited) = PlanInheritance.Merge(CountyFile(county.Stored), own);
        return inherited.Count == 0 ? null : (county.Stored.Key, inherited);
    }

    /// <summary>The county plan as its file wrote it: what it leaves out is the national default, not the county's to hand down.</summary>
    static string CountyFile(StoredPlan county) => county.Own ?? county.Definition;

    /// <summary>The stored plans this version can read (one it cannot is left alone: it neither governs nor inherits).</summary>
    internal static List<(StoredPlan Stored, PlanDefinition Plan)> Readable(IEnumerable<StoredPlan> plans)
    {
        var readable = new List<(StoredPlan, PlanDefinition)>();
        foreach (var p in plans)
        {
            try { readable.Add((p, PlanJson.Parse(p.Definition, p.Key))); }
            catch (InvalidDataException) { }
        }
        return readable;
    }

    static void Check(PlanDefinition plan, string source)
    {
        var problems = PlanValidator.Problems(plan);
        if (problems.Count > 0) throw new InvalidDataException($"{source}：方案不成立，未载入：\n  " + string.Join("\n  ", problems));
    }

    /// <summary>The county plan a town plan inherits from: the same year's, else the latest before it, else the latest.</summary>
    static (StoredPlan Stored, PlanDefinition Plan)? CountyFor(List<(StoredPlan Stored, PlanDefinition Plan)> stored, PlanDefinition town)
    {
        var counties = stored.Where(s => PlanInheritance.Covers(s.Plan, town)).ToList();
        return counties.Count == 0 ? null : counties
            .OrderByDescending(s => s.Plan.Year == town.Year).ThenByDescending(s => s.Plan.Year <= town.Year).ThenByDescending(s => s.Plan.Year)
            .ThenBy(s => s.Stored.Key, StringComparer.Ordinal).First();
    }

    /// <summary>Writes a plan in effect and the file it came from, traced; unchanged plans are left alone.</summary>
    (bool Replaced, bool Changed) Save(QinglingDbContext db, PlanDefinition plan, string? own, string why)
    {
        var json = PlanJson.Write(plan);
        var existing = db.Plans.SingleOrDefault(p => p.Key == plan.Key);
        if (existing is not null && existing.Definition == json && existing.Own == own) return (false, false);
        var before = existing?.Definition;
        existing ??= db.Plans.Add(new StoredPlan { Key = plan.Key }).Entity;
        (existing.Name, existing.Year, existing.Definition, existing.Own, existing.LoadedAt, existing.LoadedBy) = (plan.Name, plan.Year, json, own, DateTime.UtcNow, actor);
        db.SaveChanges();
        AuditLog.Add(db, actor, before is null ? "新增" : "修改", "方案", $"{(before is null ? "载入" : "更新")}方案 {plan.Key}（{plan.Name}）{why}", existing.Id, before: before, after: json);
        db.SaveChanges();
        return (before is not null, true);
    }

    /// <summary>Of plans listed latest year first, the one a database without a named plan works by (see <see cref="Get"/>).</summary>
    public static StoredPlan? InEffect(IEnumerable<StoredPlan> latestFirst) =>
        latestFirst.Select(p => (Stored: p, County: IsCounty(p))).OrderBy(p => p.County).Select(p => p.Stored).FirstOrDefault();

    /// <summary>Whether a stored plan is a county plan; one this version cannot read counts as a town's (as before county plans).</summary>
    static bool IsCounty(StoredPlan p)
    {
        try { return PlanInheritance.IsCountyPlan(PlanJson.Parse(p.Definition, p.Key)); }
        catch (InvalidDataException) { return false; }
    }

    public IReadOnlyList<StoredPlan> List()
    {
        using var db = store.CreateContext();
        return db.Plans.AsNoTracking().OrderByDescending(p => p.Year).ThenBy(p => p.Key).ToList();
    }

    /// <summary>
    /// The plan by key; with no key, the town's plan: the only one, or the latest year's when there are several (a county
    /// plan loaded for its towns to inherit from is the answer only when there is no town plan).
    /// </summary>
    public PlanDefinition Get(string? key)
    {
        var plans = List();
        var stored = key is null ? InEffect(plans) : plans.FirstOrDefault(p => p.Key == key || p.Name == key);
        if (stored is null)
            throw new InvalidOperationException(key is null ? "尚未载入任何方案：请先运行 qingling plan load 方案文件.json"
                : $"没有方案“{key}”；已有：{(plans.Count == 0 ? "（无）" : string.Join("、", plans.Select(p => p.Key)))}");
        return PlanJson.Parse(stored.Definition, stored.Key);
    }
}
