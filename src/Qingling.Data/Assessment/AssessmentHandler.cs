using Qingling.Core.Indicators;
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

    /// <param name="inputs">
    /// The plan's indicator inputs on a date, when the caller keeps the plan's data (the web): a period and the one before
    /// it (for the change) are then two dates of one read, not two reads of the whole town (the 考核 page at 250,000
    /// households read it twice, 11 s).
    /// </param>
    public static AssessmentResult Compute(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod period, string actor, CancellationToken ct = default,
        Func<DateOnly, ProgressInput>? inputs = null) =>
        Compute(db, plan, period, actor, previous: null, ct, inputs: inputs);

    /// <param name="previous">The previous period's result when the caller has it (the trend); otherwise it is computed, without its own change.</param>
    static AssessmentResult Compute(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod period, string actor, AssessmentResult? previous, CancellationToken ct, bool change = true,
        Func<DateOnly, ProgressInput>? inputs = null)
    {
        var frozen = db.Set<FrozenScorecard>().AsNoTracking().SingleOrDefault(f => f.PlanKey == plan.Key && f.Period == period.Key);
        var closing = ClosingReview(db, plan, period);
        if (frozen is not null) return new AssessmentResult(period, Read(frozen), true, closing?.On);
        IReadOnlyDictionary<(UnitKind, string), decimal>? before = null;
        var last = period.Previous();
        if ((change || closing is not null) && last.From.Year == plan.Year)
            before = (previous ?? Compute(db, plan, last, actor, null, ct, change: false, inputs)).Scores.ToDictionary(s => (s.Kind, s.Unit), s => s.Score);
        var scores = Scoring.Score(plan.Assessment!, AssessmentQuery.Gather(db, plan, period, ct, inputs), before);
        if (closing is null) return new AssessmentResult(period, scores, false, null);
        Freeze(db, plan, period, closing, scores, actor);
        return new AssessmentResult(period, scores, true, closing.On);
    }

    /// <summary>The periods of the plan year up to the given one, each scored with its change: the trend.</summary>
    public static IReadOnlyList<AssessmentResult> Trend(QinglingDbContext db, PlanDefinition plan, AssessmentPeriod upTo, string actor, CancellationToken ct = default,
        Func<DateOnly, ProgressInput>? inputs = null)
    {
        var results = new List<AssessmentResult>();
        foreach (var p in AssessmentPeriod.InYear(upTo.Kind, plan.Year).Where(p => p.To <= upTo.To))
            results.Add(Compute(db, plan, p, actor, results.LastOrDefault(), ct, inputs: inputs));
        return results;
    }

    /// <summary>Stores the scorecards of every period the review closes that is not frozen yet. Called when a review is held.</summary>
    public static void FreezeClosedBy(QinglingDbContext db, PlanDefinition plan, Review review, string actor)
    {
        if (plan.Assessment is not { } rules || review.Kind != ReviewKind.HalfMonthly || review.PlanKey != plan.Key) return;
        if (AssessmentValidator.Problems(rules).Any()) return;
        var done = db.Set<FrozenScorecard>().Where(f => f.PlanKey == plan.Key).Select(f => f.Period).ToHashSet();
        // In order, so each period's change is measured against the one frozen just before it.
        foreach (var period in AssessmentPeriod.InYear(rules.Period, plan.Year).Where(p => p.To <= review.On && !done.Contains(p.Key)))
            Compute(db, plan, period, actor, null, default);
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
