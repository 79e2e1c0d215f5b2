using Microsoft.EntityFrameworkCore;
using Qingling.Core.Indicators;
using Qingling.Core.Plans;
using Qingling.Core.Regions;
using Qingling.Core.Rhythm;
using Qingling.Data.Database;
using Qingling.Data.Measures;

namespace Qingling.Data.Rhythm;

public sealed record RoundStatus(ScreeningRound Round, string Village, IReadOnlyList<(string Code, Visit Visit)> Visited, IReadOnlyList<string> NotVisited);

public sealed record QuarterSummary(
    int Year, int Quarter, IReadOnlyList<DateOnly> MonthEnds, IReadOnlyList<(IndicatorDefinition Indicator, IReadOnlyList<decimal?> Values, string Verdict)> Trend,
    IReadOnlyList<IndicatorResult> AtEnd, IReadOnlyList<Review> Reviews, int TasksDecided, int TasksDone, int TasksOverdue, int Visits);

public static class RhythmQueries
{
    /// <summary>A round's visited and not yet visited households (current members' households of the village).</summary>
    public static RoundStatus Round(QinglingDbContext db, long roundId)
    {
        var round = db.ScreeningRounds.AsNoTracking().SingleOrDefault(r => r.Id == roundId) ?? throw new InvalidOperationException($"没有编号为{roundId}的排查");
        var village = db.Regions.AsNoTracking().Where(r => r.Id == round.VillageId).Select(r => r.Name).Single();
        var households = db.Households.AsNoTracking().Where(h => h.VillageId == round.VillageId).Select(h => new { h.Id, h.Code }).OrderBy(h => h.Code).ToList();
        var visits = db.Visits.AsNoTracking().Where(v => v.RoundId == roundId).OrderBy(v => v.On).ToList();
        var codes = households.ToDictionary(h => h.Id, h => h.Code);
        var visited = visits.Select(v => (codes[v.HouseholdId], v)).ToList();
        var seen = visits.Select(v => v.HouseholdId).ToHashSet();
        return new RoundStatus(round, village, visited, households.Where(h => !seen.Contains(h.Id)).Select(h => h.Code).ToList());
    }

    public static IReadOnlyList<(ScreeningRound Round, string Village, int Visited, int Households)> Rounds(QinglingDbContext db, string planKey)
    {
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToDictionary(r => r.Id, r => r.Name);
        var counts = db.Households.AsNoTracking().GroupBy(h => h.VillageId).Select(g => new { g.Key, Count = g.Count() }).ToDictionary(x => x.Key, x => x.Count);
        var visited = db.Visits.AsNoTracking().GroupBy(v => v.RoundId).Select(g => new { g.Key, Count = g.Select(v => v.HouseholdId).Distinct().Count() }).ToDictionary(x => x.Key, x => x.Count);
        return db.ScreeningRounds.AsNoTracking().Where(r => r.PlanKey == planKey).OrderByDescending(r => r.From).AsEnumerable()
            .Select(r => (r, villages.GetValueOrDefault(r.VillageId, ""), visited.GetValueOrDefault(r.Id), counts.GetValueOrDefault(r.VillageId))).ToList();
    }

    /// <summary>季度调度: the indicators at each month end of the quarter, by village and department at its end, and the rhythm kept.</summary>
    public static QuarterSummary Quarter(QinglingDbContext db, PlanDefinition plan, int year, int quarter, CancellationToken ct = default)
    {
        var data = new Lazy<ProgressData>(() => ProgressQuery.Load(db, plan, ct));
        return Quarter(db, plan, year, quarter, d => IndicatorCalculator.Compute(data.Value.At(d)));
    }

    /// <param name="results">The indicators on a date (the plan's data is read once for the three month ends, or comes from a cache).</param>
    public static QuarterSummary Quarter(QinglingDbContext db, PlanDefinition plan, int year, int quarter, Func<DateOnly, IReadOnlyList<IndicatorResult>> results)
    {
        if (quarter is < 1 or > 4) throw new InvalidOperationException("季度应为1到4");
        var months = Enumerable.Range((quarter - 1) * 3 + 1, 3).Select(m => new DateOnly(year, m, DateTime.DaysInMonth(year, m))).ToList();
        var series = months.Select(results).ToList();
        var trend = plan.Indicators.Select(i => (i, (IReadOnlyList<decimal?>)series.Select(s => s.Single(r => r.Key == i.Key).Value).ToList(), series[^1].Single(r => r.Key == i.Key).Verdict)).ToList();
        var first = new DateOnly(year, months[0].Month, 1);
        var end = months[^1];
        var reviews = db.Reviews.AsNoTracking().Where(r => r.PlanKey == plan.Key && r.On >= first && r.On <= end).OrderBy(r => r.On).ToList();
        var tasks = db.Tasks.AsNoTracking().Where(t => t.PlanKey == plan.Key).ToList();
        var reviewIds = reviews.Select(r => r.Id).ToHashSet();
        var visits = db.Visits.AsNoTracking().Count(v => v.On >= first && v.On <= end);
        return new QuarterSummary(year, quarter, months, trend, series[^1], reviews,
            tasks.Count(t => t.ReviewId is { } id && reviewIds.Contains(id)), tasks.Count(t => t.DoneOn >= first && t.DoneOn <= end),
            tasks.Count(t => t.OverdueOn(end)), visits);
    }
}
