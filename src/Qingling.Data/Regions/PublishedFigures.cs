using Microsoft.EntityFrameworkCore;
using Qingling.Core.Assessment;
using Qingling.Core.Measures;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Data.Database;
using Qingling.Data.Assessment;
using Qingling.Data.Measures;
using Qingling.Data.Plans;

namespace Qingling.Data.Regions;

/// <summary>
/// The village figures a county publishes to its province through PostgreSQL logical replication (deploy/replication),
/// and the province's reading of them. A county keeps the table current after every import and, in the web app, within
/// seconds of every other change (<see cref="Refresh"/> writes only the rows whose figures moved, so the replication
/// carries changes, not the whole table). The province holds no register: its region pages read these rows.
/// </summary>
public static class PublishedFigures
{
    /// <summary>The publication a county creates (deploy/replication/county-publish.sh).</summary>
    public const string Publication = "qingling_county";

    /// <summary>Whether this database publishes its figures (a county under a province): PostgreSQL with the publication.</summary>
    public static bool IsPublishing(QinglingDbContext db) =>
        !db.Database.IsSqlite()
        && db.Database.SqlQueryRaw<bool>("SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = {0}) AS \"Value\"", Publication).AsEnumerable().First();

    /// <summary>
    /// Whether this database reads published figures instead of a register of its own: a province, which holds no
    /// household and receives the counties' rows.
    /// </summary>
    public static bool IsReader(QinglingDbContext db) => !db.Households.Any() && db.PublishedVillages.Any();

    /// <summary>The years the published rows cover, oldest first.</summary>
    public static List<int> Years(QinglingDbContext db) =>
        db.PublishedVillages.AsNoTracking().Select(v => v.Year).Distinct().OrderBy(y => y).ToList();

    /// <summary>The rules the rows of a year were counted by (one per county plan that differs), lowest line first.</summary>
    public static List<TargetRule> Rules(QinglingDbContext db, int year) =>
        db.PublishedVillages.AsNoTracking().Where(v => v.Year == year)
            .Select(v => new { v.IncomeLine, v.WeakLabour, v.IncludeMonitored }).Distinct().AsEnumerable()
            .OrderBy(r => r.IncomeLine).ThenBy(r => r.WeakLabour).ThenBy(r => r.IncludeMonitored)
            .Select(r => new TargetRule(r.IncomeLine, r.WeakLabour, r.IncludeMonitored)).ToList();

    /// <summary>How a roll-up of several counties' rules is labelled when they differ ("各县按本县方案口径（收入线10000–12000元）").</summary>
    public static string? MixedRules(IReadOnlyList<TargetRule> rules) => rules.Count <= 1 ? null
        : rules.Min(r => r.IncomeLine) == rules.Max(r => r.IncomeLine)
            ? $"各县按本县方案口径（收入线{rules[0].IncomeLine:0.##}元，对象范围不一）"
            : $"各县按本县方案口径（收入线{rules.Min(r => r.IncomeLine):0.##}–{rules.Max(r => r.IncomeLine):0.##}元）";

    /// <summary>The published figures of a year by village region id of <paramref name="tree"/> (matched by code).</summary>
    public static Dictionary<long, RegionFigures> ByVillage(QinglingDbContext db, IReadOnlyList<Region> tree, int year)
    {
        var villages = tree.Where(r => r.Level == RegionLevel.Village && r.Code is not null)
            .GroupBy(r => r.Code!).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var figures = new Dictionary<long, RegionFigures>();
        foreach (var v in db.PublishedVillages.AsNoTracking().Where(v => v.Year == year))
        {
            if (!villages.TryGetValue(v.VillageCode, out var id)) continue; // the tree is built from these rows: only a row being replicated right now
            var f = new RegionFigures
            {
                Households = v.Households, Persons = v.Persons, TargetHouseholds = v.TargetHouseholds, TargetPersons = v.TargetPersons,
                Funds = v.Funds, OpenAlerts = v.OpenAlerts,
            };
            f.Measures[Channels.Industry] = v.MeasuresIndustry;
            f.Measures[Channels.Tourism] = v.MeasuresTourism;
            f.Measures[Channels.Training] = v.MeasuresTraining;
            f.Measures[Channels.Employment] = v.MeasuresEmployment;
            f.Measures[Channels.Assets] = v.MeasuresAssets;
            f.Measures[Channels.Finance] = v.MeasuresFinance;
            f.Measures[Channels.Transfers] = v.MeasuresTransfers;
            figures[id] = f;
        }
        foreach (var (id, p) in Projections(db, villages))
        {
            var f = figures.TryGetValue(id, out var known) ? known : figures[id] = new RegionFigures();
            f.ProjectedUnderLine = p.Projected;
            if (p.Score is { } score) (f.VillageScoreSum, f.VillageScores) = (score, 1);
            (f.FiguresFrom, f.FiguresTo) = (p.On, p.On);
        }
        return figures;
    }

    /// <summary>
    /// Each village's published projection and score, by region id of the tree (by code): those of its latest row that
    /// carries them (the county puts them on its plan's year), whatever year the page shows, as a town's region page
    /// shows its plan's projection beside any year.
    /// </summary>
    static Dictionary<long, (int? Projected, decimal? Score, DateOnly On)> Projections(QinglingDbContext db, Dictionary<string, long> villages)
    {
        var result = new Dictionary<long, (int? Projected, decimal? Score, DateOnly On)>();
        var rows = db.PublishedVillages.AsNoTracking().Where(v => v.FiguresOn != null)
            .Select(v => new { v.VillageCode, v.Year, v.ProjectedUnderLine, v.VillageScore, v.FiguresOn }).AsEnumerable()
            .OrderBy(v => v.Year);
        foreach (var v in rows)
            if (villages.TryGetValue(v.VillageCode, out var id)) result[id] = (v.ProjectedUnderLine, v.VillageScore, v.FiguresOn!.Value);
        return result;
    }

    /// <summary>What a refresh did: rows written or removed, and villages left out for want of a 12-digit code.</summary>
    public sealed record Outcome(int Written, int Removed, int Unchanged, int VillagesWithoutCode);

    /// <summary>
    /// Recounts every year with income, village by village (<see cref="RegionQuery.ByVillage"/>, each village under its
    /// own town's plan, else its county's), and brings the table in line: rows whose figures moved are written, rows of
    /// villages or years no longer there removed, the rest left alone. A database without a register of its own (the province) is never
    /// touched: its rows are the counties'.
    /// </summary>
    /// <param name="projections">
    /// Also counts each village's 预计年底仍低于收入线 and 考核 score on its plan's 数据截至 (<see cref="Project"/>: a full
    /// derivation of every plan in use); false keeps those the rows hold (the web app's recount within seconds of a change,
    /// which brings them in line less often).
    /// </param>
    /// <param name="data">A plan's data when the caller keeps it already (the web app's, shared with its pages); else read here.</param>
    public static Outcome Refresh(QinglingDbContext db, bool projections = true, Func<Core.Plans.PlanDefinition, ProgressData>? data = null)
    {
        if (!db.Households.Any()) return new Outcome(0, 0, 0, 0);
        // One recount at a time, counted and written in one transaction: an import's recount and the web app's must
        // neither insert the same new row twice nor write figures counted before the other's data over it.
        using var tx = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        if (!db.Database.IsSqlite()) db.Database.ExecuteSqlRaw("SELECT pg_advisory_xact_lock(hashtext('qingling_publish'))");
        var version = DataVersion.Current(db);
        var tree = RegionQuery.Tree(db);
        var byId = tree.ToDictionary(r => r.Id);
        var rules = Rules(db, byId);
        var fresh = new Dictionary<(string, int), PublishedVillage>();
        var withoutCode = new HashSet<long>();
        foreach (var year in db.IncomeEntries.AsNoTracking().Select(e => e.Year).Distinct().ToList())
        {
            // Each village under its own town's plan: counted once per rule in use, each village taken from its rule's count.
            foreach (var rule in rules.Values.Distinct())
            {
                foreach (var (villageId, f) in RegionQuery.ByVillage(db, year, rule))
                {
                    if (rules.GetValueOrDefault(villageId) != rule) continue;
                    if (!byId.TryGetValue(villageId, out var village) || village.Code is not { } code || !Region.IsValidCode(code))
                    {
                        withoutCode.Add(villageId);
                        continue;
                    }
                    fresh[(code, year)] = Row(code, year, Names(byId, village), f, rule);
                }
            }
        }

        var stored = db.PublishedVillages.AsTracking().ToDictionary(v => (v.VillageCode, v.Year));
        if (projections) Project(db, byId, fresh, DateOnly.FromDateTime(DateTime.Now), data);
        else
            foreach (var (key, row) in fresh)
                if (stored.TryGetValue(key, out var old)) (row.ProjectedUnderLine, row.VillageScore, row.FiguresOn) = (old.ProjectedUnderLine, old.VillageScore, old.FiguresOn);
        var (written, unchanged) = (0, 0);
        foreach (var (key, row) in fresh)
        {
            if (!stored.Remove(key, out var old)) { db.PublishedVillages.Add(row); written++; }
            else if (Same(old, row)) unchanged++;
            else { db.Entry(old).CurrentValues.SetValues(row); written++; }
        }
        db.PublishedVillages.RemoveRange(stored.Values);

        // The county's word that these are its figures now (one row per county the rows belong to).
        var counties = fresh.Values.GroupBy(v => v.VillageCode[..6]).ToDictionary(g => g.Key, g => g.First().County);
        var now = DateTime.UtcNow;
        var known = db.PublishedCounties.AsTracking().ToDictionary(c => c.CountyCode);
        foreach (var (code, name) in counties)
        {
            if (!known.Remove(code, out var row)) db.PublishedCounties.Add(row = new PublishedCounty { CountyCode = code });
            (row.County, row.CheckedAt, row.DataVersion) = (name, now, version);
        }
        db.PublishedCounties.RemoveRange(known.Values);
        db.SaveChanges();
        tx?.Commit();
        db.ChangeTracker.Clear();
        return new Outcome(written, stored.Count, unchanged, withoutCode.Count);
    }

    /// <summary>Who the trace names when a recount freezes a closed 考核 period's scores.</summary>
    public const string Actor = "发布给省级的村级汇总";

    /// <summary>
    /// Each village's households projected under the line (its plan's 预计年底仍低于收入线, <see cref="RegionQuery.ProjectedUnderLine(Core.Plans.PlanDefinition, Core.Indicators.ProgressInput, IReadOnlySet{long})"/>)
    /// and its 考核 score for the period holding the date, each village under its latest plan, on that plan's 数据截至
    /// (<see cref="DataDate"/>), as the county's own dashboard and 考核 page show them by default. Put on the row of the
    /// plan's year, else the village's latest row; the date travels with them. The plan is read once for both.
    /// </summary>
    static void Project(QinglingDbContext db, Dictionary<long, Region> byId, Dictionary<(string, int), PublishedVillage> fresh, DateOnly today,
        Func<Core.Plans.PlanDefinition, ProgressData>? read)
    {
        var years = fresh.Keys.GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => g.Select(k => k.Item2).ToList(), StringComparer.Ordinal);
        foreach (var group in VillagePlans(db, byId).Where(p => p.Value is not null).GroupBy(p => p.Value!.Key))
        {
            var plan = group.First().Value!;
            var villages = group.Select(p => p.Key).Where(v => byId[v].Code is { } code && years.ContainsKey(code)).ToHashSet();
            if (villages.Count == 0) continue;
            var on = DataDate.Of(db, plan, today);
            var data = read?.Invoke(plan) ?? ProgressQuery.Load(db, plan);
            var projected = RegionQuery.ProjectedUnderLine(plan, data.At(on), villages);
            var scores = plan.Assessment is { } rules && !AssessmentValidator.Problems(rules).Any()
                ? RegionQuery.VillageScores(AssessmentHandler.Compute(db, plan, AssessmentPeriod.Containing(rules.Period, on), Actor, inputs: data.At), villages, byId)
                : [];
            foreach (var village in villages)
            {
                int? count = projected.TryGetValue(village, out var c) ? c : null;
                // As the column keeps it (two decimals): an unmoved score must compare equal to the stored one.
                decimal? score = scores.TryGetValue(village, out var s) ? Math.Round(s, 2, MidpointRounding.AwayFromZero) : null;
                if (count is null && score is null) continue;
                var code = byId[village].Code!;
                var row = fresh[(code, years[code].Contains(plan.Year) ? plan.Year : years[code].Max())];
                (row.ProjectedUnderLine, row.VillageScore, row.FiguresOn) = (count, score, on);
            }
        }
    }

    /// <summary>A county whose figures did not move says so now and then: the province tells quiet from away.</summary>
    public static void Heartbeat(QinglingDbContext db)
    {
        var now = DateTime.UtcNow;
        foreach (var county in db.PublishedCounties.AsTracking()) county.CheckedAt = now;
        db.SaveChanges();
        db.ChangeTracker.Clear();
    }

    /// <summary>When each county last confirmed its figures, by 6-digit code (a province's reading; empty elsewhere).</summary>
    public static Dictionary<string, PublishedCounty> Counties(QinglingDbContext db) =>
        db.PublishedCounties.AsNoTracking().ToDictionary(c => c.CountyCode, StringComparer.Ordinal);

    /// <summary>How long a county may stay silent before the province's pages say its figures are old.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromDays(1);

    /// <summary>
    /// The roll-up a province reads: its counties' published rows added up the tree, and the rules they were counted by
    /// (lowest line first; none when the year's rows are gone meanwhile).
    /// </summary>
    public static (RegionRollup Rollup, List<TargetRule> Rules) Rollup(QinglingDbContext db, IReadOnlyList<Region> tree, Region region, int year) =>
        (RegionTree.Roll(tree, region, ByVillage(db, tree, year)), Rules(db, year));

    /// <summary>Of <paramref name="counties"/>, those below a region with this code and level (none without a code).</summary>
    public static IEnumerable<PublishedCounty> Below(IEnumerable<PublishedCounty> counties, string? code, RegionLevel level) => code is null ? []
        : counties.Where(c => c.CountyCode.StartsWith(code[..Math.Min(6, RegionTree.Digits(level))], StringComparison.Ordinal));

    /// <summary>Of <paramref name="counties"/>, those silent for longer than <see cref="Silence"/>, oldest first.</summary>
    public static List<PublishedCounty> Silent(IEnumerable<PublishedCounty> counties, DateTime now) =>
        counties.Where(c => now - c.CheckedAt > Silence).OrderBy(c => c.CheckedAt).ToList();

    /// <summary>The rule each village is counted by: that of its plan (<see cref="VillagePlans"/>), else the default rule.</summary>
    static Dictionary<long, TargetRule> Rules(QinglingDbContext db, Dictionary<long, Region> byId) =>
        VillagePlans(db, byId).ToDictionary(p => p.Key, p => p.Value?.TargetRule ?? new TargetRule());

    /// <summary>
    /// The plan each village works under: its town's plan (a plan whose region names the village's town and county), else
    /// its county's plan, else the only town's plan the database holds; null when none. The latest year's, or with
    /// <paramref name="year"/> that year's only.
    /// </summary>
    internal static Dictionary<long, Core.Plans.PlanDefinition?> VillagePlans(QinglingDbContext db, Dictionary<long, Region> byId, int? year = null)
    {
        // A plan this version cannot read decides nothing here.
        var plans = PlanHandler.Readable(db.Plans.AsNoTracking().Where(p => year == null || p.Year == year).OrderByDescending(p => p.Year).ThenBy(p => p.Key).ToList())
            .Select(p => p.Plan).ToList();
        // A town's own database works by its plan whatever the names in it: one town's plans stand for every village. A
        // county's database with several towns' plans leaves a village of a town without one to the default rule, not a
        // neighbour's plan.
        var townPlans = plans.Where(p => !PlanInheritance.IsCountyPlan(p)).ToList();
        var fallback = townPlans.Select(p => p.Region.Town).Distinct().Count() == 1 ? townPlans[0] : null;
        var result = new Dictionary<long, Core.Plans.PlanDefinition?>();
        foreach (var village in byId.Values.Where(r => r.Level == RegionLevel.Village))
        {
            var names = Names(byId, village);
            string Name(RegionLevel level) => names.GetValueOrDefault(level, "");
            bool SameCounty(Core.Plans.PlanDefinition p) => p.Region.County == Name(RegionLevel.County);
            result[village.Id] = plans.FirstOrDefault(p => p.Region.Town.Length > 0 && p.Region.Town == Name(RegionLevel.Town) && SameCounty(p))
                ?? plans.FirstOrDefault(p => PlanInheritance.IsCountyPlan(p) && SameCounty(p)) ?? fallback;
        }
        return result;
    }

    /// <summary>The names above a village, by level (a level the tree lacks is empty).</summary>
    static Dictionary<RegionLevel, string> Names(Dictionary<long, Region> byId, Region village)
    {
        var names = new Dictionary<RegionLevel, string>();
        for (long? id = village.Id; id is { } x && byId.TryGetValue(x, out var r); id = r.ParentId) names[r.Level] = r.Name;
        return names;
    }

    static PublishedVillage Row(string code, int year, Dictionary<RegionLevel, string> names, RegionFigures f, TargetRule rule) => new()
    {
        VillageCode = code, Year = year,
        Province = names.GetValueOrDefault(RegionLevel.Province, ""), City = names.GetValueOrDefault(RegionLevel.City, ""),
        County = names.GetValueOrDefault(RegionLevel.County, ""), Town = names.GetValueOrDefault(RegionLevel.Town, ""),
        Village = names.GetValueOrDefault(RegionLevel.Village, ""),
        Households = f.Households, Persons = f.Persons, TargetHouseholds = f.TargetHouseholds, TargetPersons = f.TargetPersons,
        MeasuresIndustry = f.Measures[Channels.Industry], MeasuresTourism = f.Measures[Channels.Tourism],
        MeasuresTraining = f.Measures[Channels.Training], MeasuresEmployment = f.Measures[Channels.Employment],
        MeasuresAssets = f.Measures[Channels.Assets], MeasuresFinance = f.Measures[Channels.Finance],
        MeasuresTransfers = f.Measures[Channels.Transfers],
        Funds = f.Funds, OpenAlerts = f.OpenAlerts,
        IncomeLine = rule.IncomeLine, WeakLabour = rule.WeakLabourCounts, IncludeMonitored = rule.IncludeMonitored,
    };

    static bool Same(PublishedVillage a, PublishedVillage b) =>
        (a.Province, a.City, a.County, a.Town, a.Village, a.Households, a.Persons, a.TargetHouseholds, a.TargetPersons)
        == (b.Province, b.City, b.County, b.Town, b.Village, b.Households, b.Persons, b.TargetHouseholds, b.TargetPersons)
        && (a.MeasuresIndustry, a.MeasuresTourism, a.MeasuresTraining, a.MeasuresEmployment, a.MeasuresAssets, a.MeasuresFinance, a.MeasuresTransfers)
        == (b.MeasuresIndustry, b.MeasuresTourism, b.MeasuresTraining, b.MeasuresEmployment, b.MeasuresAssets, b.MeasuresFinance, b.MeasuresTransfers)
        && (a.Funds, a.OpenAlerts, a.IncomeLine, a.WeakLabour, a.IncludeMonitored) == (b.Funds, b.OpenAlerts, b.IncomeLine, b.WeakLabour, b.IncludeMonitored)
        && (a.ProjectedUnderLine, a.VillageScore, a.FiguresOn) == (b.ProjectedUnderLine, b.VillageScore, b.FiguresOn);
}
