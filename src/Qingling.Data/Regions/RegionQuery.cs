using Microsoft.EntityFrameworkCore;
using Qingling.Core.Assessment;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Integrity;
using Qingling.Core.Measures;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Data.Assessment;
using Qingling.Data.Database;
using Qingling.Data.Measures;

namespace Qingling.Data.Regions;

/// <summary>
/// A region's figures for a year, counted in the database by village (GROUP BY, no household is loaded) and added up
/// the region tree (<see cref="RegionTree"/>): a county or province asks for a few thousand rows, not millions.
/// </summary>
public static class RegionQuery
{
    sealed class VillageCounts
    {
        public long VillageId { get; set; }
        public long Households { get; set; }
        public long Persons { get; set; }
        public long TargetHouseholds { get; set; }
        public long TargetPersons { get; set; }
    }

    /// <summary>Every region of the tree (the tree is small beside the register: one row per place).</summary>
    public static IReadOnlyList<Region> Tree(QinglingDbContext db) => db.Regions.AsNoTracking().OrderBy(r => r.Id).ToList();

    /// <param name="projected">Per village, households projected under their plan's line (<see cref="ProjectedUnderLine"/>); none: the column stays empty.</param>
    /// <param name="scores">Per village, its 考核 score (<see cref="VillageScores"/>); none: the column stays empty.</param>
    public static RegionRollup Rollup(QinglingDbContext db, IReadOnlyList<Region> tree, Region region, int year, TargetRule rule,
        IReadOnlyDictionary<long, int>? projected = null, IReadOnlyDictionary<long, decimal>? scores = null) =>
        RegionTree.Roll(tree, region, Villages(db, year, rule, projected, scores));

    /// <summary>
    /// Every village's figures of the year, with its projection and score: what any region's roll-up sums. One pass over the
    /// register's facts and ledger of the year, so a caller showing several regions keeps it (rolling reads it, never changes it).
    /// </summary>
    public static IReadOnlyDictionary<long, RegionFigures> Villages(QinglingDbContext db, int year, TargetRule rule,
        IReadOnlyDictionary<long, int>? projected = null, IReadOnlyDictionary<long, decimal>? scores = null)
    {
        var villages = ByVillage(db, year, rule);
        RegionFigures Of(long village) => villages.TryGetValue(village, out var f) ? f : villages[village] = new RegionFigures();
        foreach (var (village, count) in projected ?? new Dictionary<long, int>()) Of(village).ProjectedUnderLine = count;
        foreach (var (village, score) in scores ?? new Dictionary<long, decimal>())
            (Of(village).VillageScoreSum, Of(village).VillageScores) = (score, 1);
        return villages;
    }

    /// <summary>
    /// Per village, its 考核 score for the period (of its plan's 考核细则) that holds <paramref name="date"/>, each village under
    /// its own plan of the date's year (<see cref="PublishedFigures.VillagePlans"/>), as the 考核 page scores it: frozen once a
    /// held review closed the period, else as the data stand. Villages whose plan has no (valid) 考核细则, or that it does not
    /// score, are absent.
    /// </summary>
    /// <param name="scores">A plan's scores for a period when the caller holds them already (the web's cache); else computed here.</param>
    public static Dictionary<long, decimal> VillageScores(QinglingDbContext db, IReadOnlyList<Region> tree, DateOnly date, string actor,
        Func<Core.Plans.PlanDefinition, AssessmentPeriod, AssessmentResult?>? scores = null)
    {
        var byId = tree.ToDictionary(r => r.Id);
        var result = new Dictionary<long, decimal>();
        foreach (var group in PublishedFigures.VillagePlans(db, byId, date.Year).Where(p => p.Value?.Assessment is not null).GroupBy(p => p.Value!.Key))
        {
            var plan = group.First().Value!;
            if (AssessmentValidator.Problems(plan.Assessment!).Any()) continue;
            var period = AssessmentPeriod.Containing(plan.Assessment!.Period, date);
            var scored = scores?.Invoke(plan, period) ?? AssessmentHandler.Compute(db, plan, period, actor);
            foreach (var (village, score) in VillageScores(scored, group.Select(p => p.Key), byId)) result[village] = score;
        }
        return result;
    }

    /// <summary>The scores of <paramref name="villages"/> in a plan's 考核 result (a plan scores its villages by name: those in its area).</summary>
    internal static Dictionary<long, decimal> VillageScores(AssessmentResult scored, IEnumerable<long> villages, IReadOnlyDictionary<long, Region> byId)
    {
        var byName = scored.Of(UnitKind.Village).GroupBy(s => s.Unit, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Score, StringComparer.Ordinal);
        var result = new Dictionary<long, decimal>();
        foreach (var village in villages)
            if (byName.TryGetValue(byId[village].Name, out var score)) result[village] = score;
        return result;
    }

    /// <summary>
    /// Per village, the households whose plan-year income projected on <paramref name="date"/> stays under the line, each
    /// village by its own plan of the date's year (<see cref="PublishedFigures.VillagePlans"/>) and as that plan's
    /// 预计年底仍低于收入线 indicator counts them (its population: in scope, or the baseline list): 脱贫户 (and 监测对象 when in
    /// scope) with labour, on recorded months, the rest at last year's pace, measures under way and changes visits found
    /// (<see cref="ProgressQuery"/>). Villages without a plan of that year, or without a household in their plan's area, are
    /// absent: no figure rather than a zero nobody counted.
    /// </summary>
    /// <param name="progress">A plan's inputs on the date when the caller holds them already (the web's cache); else read here.</param>
    public static Dictionary<long, int> ProjectedUnderLine(QinglingDbContext db, IReadOnlyList<Region> tree, DateOnly date,
        Func<Core.Plans.PlanDefinition, ProgressInput?>? progress = null)
    {
        var byId = tree.ToDictionary(r => r.Id);
        var result = new Dictionary<long, int>();
        foreach (var group in PublishedFigures.VillagePlans(db, byId, date.Year).Where(p => p.Value is not null).GroupBy(p => p.Value!.Key))
        {
            var plan = group.First().Value!;
            var input = progress?.Invoke(plan) ?? ProgressQuery.Build(db, plan, date);
            foreach (var (village, count) in ProjectedUnderLine(plan, input, group.Select(p => p.Key).ToHashSet())) result[village] = count;
        }
        return result;
    }

    /// <summary>Of <paramref name="villages"/>, those with households in the plan's area, and how many of them its projection leaves under the line.</summary>
    internal static Dictionary<long, int> ProjectedUnderLine(Core.Plans.PlanDefinition plan, ProgressInput input, IReadOnlySet<long> villages)
    {
        // As the plan's own indicator counts (a plan without one: every household in scope by its rule).
        var indicator = plan.Indicators.FirstOrDefault(i => i.Kind == Core.Plans.IndicatorKind.HouseholdsUnderLineProjected);
        var under = (indicator is null
                ? IndicatorCalculator.UnderLine(input.Households, h => h.Projected, plan.TargetRule).Select(t => t.HouseholdId)
                : IndicatorCalculator.Counted(indicator, input)!.Select(h => h.HouseholdId))
            .ToHashSet();
        var result = new Dictionary<long, int>();
        foreach (var h in input.Households)
            if (villages.Contains(h.VillageId)) result[h.VillageId] = result.GetValueOrDefault(h.VillageId) + (under.Contains(h.HouseholdId) ? 1 : 0);
        return result;
    }

    /// <summary>
    /// Per village: households with facts for the year and their persons, the targets by <paramref name="rule"/>, the
    /// year's live measures by channel, village projects' funds and open integrity alerts.
    /// </summary>
    public static Dictionary<long, RegionFigures> ByVillage(QinglingDbContext db, int year, TargetRule rule)
    {
        var figures = new Dictionary<long, RegionFigures>();
        RegionFigures Of(long village) => figures.TryGetValue(village, out var f) ? f : figures[village] = new RegionFigures();

        foreach (var v in Counts(db, year, rule))
        {
            var f = Of(v.VillageId);
            f.Households = (int)v.Households;
            f.Persons = (int)v.Persons;
            f.TargetHouseholds = (int)v.TargetHouseholds;
            f.TargetPersons = (int)v.TargetPersons;
        }

        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var measures = db.Measures.AsNoTracking()
            .Where(m => m.Status != MeasureStatus.Declined && m.Status != MeasureStatus.Cancelled && m.Start <= last && m.End >= first)
            .GroupBy(m => new { m.VillageId, m.Channel })
            .Select(g => new { g.Key.VillageId, g.Key.Channel, Count = g.Count() }).ToList();
        foreach (var m in measures) Of(m.VillageId).Measures[m.Channel] = Of(m.VillageId).Measures.GetValueOrDefault(m.Channel) + m.Count;

        var funds = db.Projects.AsNoTracking().Where(p => p.Year == year && p.VillageId != null)
            .GroupBy(p => p.VillageId).Select(g => new { VillageId = g.Key!.Value, Amount = g.Sum(p => p.Amount) }).ToList();
        foreach (var p in funds) Of(p.VillageId).Funds += p.Amount;

        var alerts = db.Alerts.AsNoTracking().Where(a => a.Year == year && a.Status == AlertStatus.Open)
            .Join(db.Households, a => a.HouseholdId, h => h.Id, (a, h) => h.VillageId)
            .GroupBy(v => v).Select(g => new { VillageId = g.Key, Count = g.Count() }).ToList();
        foreach (var a in alerts) Of(a.VillageId).OpenAlerts += a.Count;
        return figures;
    }

    /// <summary>
    /// The target rule of <see cref="TargetSelector"/> in SQL (<see cref="Queries.TargetSql"/>, the target list's own
    /// text), counted per village: households with facts for the year, their persons, the targets and their persons.
    /// </summary>
    static List<VillageCounts> Counts(QinglingDbContext db, int year, TargetRule rule)
    {
        var sqlite = db.Database.IsSqlite();
        var target = Queries.TargetSql.Target("{1}", "{2}");
        var sql = Queries.TargetSql.With("{0}", rule, kept: !sqlite) + $"""

            SELECT f.village_id AS village_id,
                CAST(COUNT(*) AS BIGINT) AS households,
                CAST(COALESCE(SUM(f.persons), 0) AS BIGINT) AS persons,
                CAST(COALESCE(SUM(CASE WHEN {target} THEN 1 ELSE 0 END), 0) AS BIGINT) AS target_households,
                CAST(COALESCE(SUM(CASE WHEN {target} THEN f.persons ELSE 0 END), 0) AS BIGINT) AS target_persons
            FROM figures f
            GROUP BY f.village_id
            """;
        var limit = Queries.TargetSql.Limit(sqlite, rule);
        return db.Database.SqlQueryRaw<VillageCounts>(sql, year, limit, rule.IncludeMonitored ? 1 : 0).ToList();
    }
}
