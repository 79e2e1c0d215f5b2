using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Assessment;
using Qingling.Core.Plans;
using Qingling.Core.Rhythm;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Assessment;

/// <summary>A period's scorecards, and whether they are frozen (closed by a held review) or still moving with the data.</summary>
public sealed record AssessmentResult(AssessmentPeriod Period, IReadOnlyList<UnitScore> Scores, bool Frozen, DateOnly? ClosedBy)
{
    public IReadOnlyList<UnitScore> Of(UnitKind kind) => Scores.Where(s => s.Kind == kind).ToList();
}

/// <summary>
/// Scores a period. A period is closed once a half-monthly review is held on or after its last day: its scorecards are
/// stored when that review is held (or, for a review held before the plan had 考核细则, the first time they are asked
/// for afterwards) and from then on read back, never recomputed.
/// </summary>
public static class AssessmentHandler
{
    static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static AssessmentPeriod ParsePeriod(PlanDefinition plan, string text)
    {
        var rules = plan.Assessment ?? throw new InvalidOperationException($"方案“{plan.Name}”没有考核细则（assessment），无法考核");
        var period = AssessmentPeriod.Parse(text, rules.Period, out var problem) ?? throw new ArgumentException(problem);
        if (period.From.Year != plan.Year) throw new ArgumentException($"考核期{period.Key}不在方案年度{plan.Year}年内");
        return period;
    }

    public static AssessmentResult Compute(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod period, string actor, CancellationToken ct = default)
    {
        var frozen = db.Set<FrozenScorecard>().AsNoTracking().SingleOrDefault(f => f.PlanKey == plan.Key && f.Period == period.Key);
        var closing = ClosingReview(db, plan, period);
        if (frozen is not null) return new AssessmentResult(period, Read(frozen), true, closing?.On);
        var scores = Fresh(db, plan, period, actor, ct);
        if (closing is null) return new AssessmentResult(period, scores, false, null);
        Freeze(db, plan, period, closing, scores, actor);
        return new AssessmentResult(period, scores, true, closing.On);
    }

    /// <summary>The periods of the plan year up to the date's, each scored: the trend.</summary>
    public static IReadOnlyList<AssessmentResult> Trend(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod upTo, string actor, CancellationToken ct = default) =>
        AssessmentPeriod.InYear(upTo.Kind, plan.Year).Where(p => p.To <= upTo.To).Select(p => Compute(db, plan, p, actor, ct)).ToList();

    /// <summary>Stores the scorecards of every period the review closes that is not frozen yet. Called when a review is held.</summary>
    public static void FreezeClosedBy(QinglingDbContext db, PlanDefinition plan, Review review, string actor)
    {
        if (plan.Assessment is not { } rules || review.Kind != ReviewKind.HalfMonthly || review.PlanKey != plan.Key) return;
        if (AssessmentValidator.Problems(rules).Any()) return;
        var done = db.Set<FrozenScorecard>().Where(f => f.PlanKey == plan.Key).Select(f => f.Period).ToHashSet();
        foreach (var period in AssessmentPeriod.InYear(rules.Period, plan.Year).Where(p => p.To <= review.On && !done.Contains(p.Key)))
            Freeze(db, plan, period, review, Fresh(db, plan, period, actor, default), actor);
    }

    static IReadOnlyList<UnitScore> Fresh(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod period, string actor, CancellationToken ct)
    {
        var facts = AssessmentQuery.Gather(db, plan, period, ct);
        IReadOnlyDictionary<(UnitKind, string), decimal>? before = null;
        var previous = period.Previous();
        if (previous.From.Year == plan.Year)
            before = Compute(db, plan, previous, actor, ct).Scores.ToDictionary(s => (s.Kind, s.Unit), s => s.Score);
        return Scoring.Score(plan.Assessment!, facts, before);
    }

    static Review? ClosingReview(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod period) =>
        db.Reviews.AsNoTracking().Where(r => r.PlanKey == plan.Key && r.Kind == ReviewKind.HalfMonthly && r.On >= period.To)
            .OrderBy(r => r.On).ThenBy(r => r.Id).FirstOrDefault();

    static void Freeze(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod period, Review review, IReadOnlyList<UnitScore> scores, string actor)
    {
        db.Set<FrozenScorecard>().Add(new FrozenScorecard
        {
            PlanKey = plan.Key, Period = period.Key, ReviewId = review.Id, Scores = JsonSerializer.Serialize(scores, Json), FrozenAt = DateTime.UtcNow,
        });
        db.SaveChanges();
        AuditLog.Add(db, actor, "新增", "考核", $"{period.Name}考核结果随{review.On:yyyy-MM-dd}半月研判冻结（{scores.Count}个单位）", review.Id);
        db.SaveChanges();
    }

    static IReadOnlyList<UnitScore> Read(FrozenScorecard f) => JsonSerializer.Deserialize<List<UnitScore>>(f.Scores, Json) ?? [];
}
