using Microsoft.EntityFrameworkCore;
using Qingling.Core.Assessment;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Core.Showcase;
using Qingling.Data.Assessment;
using Qingling.Data.Database;

namespace Qingling.Data.Showcase;

/// <summary>
/// A 选树典型 candidate with its evidence: a household (<c>household</c>) the record supports, or a village or work team
/// (<c>village</c>, <c>workTeam</c>) at the top of the period's scorecard.
/// </summary>
public sealed record ShowcaseCandidate(
    string Kind, string Name, string Village, string Channel, string ChannelName, int MeasuresVerified, decimal VerifiedIncome,
    decimal? PerCapitaBefore, decimal? PerCapitaAfter, IReadOnlyList<ShowcaseFigure> Income, string AlertStatus, bool Consent,
    long? CaseId, string? CaseStatus, decimal? Score, int? Rank, string Evidence)
{
    public long HouseholdId { get; init; }
}

public static class ShowcaseCandidates
{
    /// <summary>Villages and work teams ranked this high or better on the period's scorecard are candidates.</summary>
    public const int TopRanks = 3;

    public static IReadOnlyList<ShowcaseCandidate> List(QinglingDbContext db, PlanDefinition plan, DateOnly date, string actor, CancellationToken ct = default)
    {
        var list = new List<ShowcaseCandidate>();
        var consents = db.PublicityConsents.AsNoTracking().Select(c => c.HouseholdId).Distinct().ToHashSet();
        var cases = db.ShowcaseCases.AsNoTracking().Where(c => c.PlanKey == plan.Key).AsEnumerable().GroupBy(c => c.HouseholdId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Id).First());
        foreach (var (h, f) in ShowcaseQuery.WithVerifiedMeasures(db, plan, date, ct))
        {
            if (ShowcaseDraft.Problems(f).Count > 0) continue;
            var verified = f.Measures.Where(m => m.Verified).ToList();
            var channel = ShowcaseDraft.MainChannel(f);
            var figures = ShowcaseQuery.Figures(f);
            var evidence = string.Join("；", verified.Select(m => $"{m.Channel}：{m.Description}（{m.Department}，经核实增收{Money.Show(m.VerifiedIncome)}元）"))
                + $"；人均纯收入{f.Before.Year}年{Show(f.Before.PerCapitaNetIncome)}元 → {f.After.Year}年{Show(f.After.PerCapitaNetIncome)}元{(f.AfterIsProjected ? "（含预计）" : "")}";
            cases.TryGetValue(h.HouseholdId, out var c);
            list.Add(new ShowcaseCandidate("household", h.Code, h.Village, channel, Channels.Name(channel), verified.Count, verified.Sum(m => m.VerifiedIncome),
                f.Before.PerCapitaNetIncome, f.After.PerCapitaNetIncome, figures, "无未解决的诚信预警", consents.Contains(h.HouseholdId),
                c?.Id, c is null ? null : ShowcaseStatuses.Name(c.Status), null, null, evidence) { HouseholdId = h.HouseholdId });
        }
        if (plan.Assessment is { } rules)
        {
            // The period the date falls in (the last of the year after it, the first before it).
            var periods = AssessmentPeriod.InYear(rules.Period, plan.Year);
            var period = periods.LastOrDefault(p => p.From <= date) ?? periods[0];
            var scores = AssessmentHandler.Compute(db, plan, period, actor, ct).Scores;
            foreach (var s in scores.Where(s => s.Kind is UnitKind.Village or UnitKind.WorkTeam && s.Rank <= TopRanks).OrderBy(s => s.Kind).ThenBy(s => s.Rank).ThenBy(s => s.Unit, StringComparer.Ordinal))
            {
                var best = s.Items.Where(i => !i.Deduction && i.Denominator > 0 && i.Numerator == i.Denominator).Select(i => $"{i.Name}{i.Basis}").ToList();
                var evidence = $"{period.Name}{s.Scorecard}得分{s.Score:0.##}，第{s.Rank}名" + (best.Count > 0 ? "；全部做到：" + string.Join("、", best) : "");
                list.Add(new ShowcaseCandidate(s.Kind == UnitKind.Village ? "village" : "workTeam", s.Unit, s.Kind == UnitKind.Village ? s.Unit : "", "", "", 0, 0m,
                    null, null, [], "", false, null, null, s.Score, s.Rank, evidence));
            }
        }
        return list;
    }

    public static string KindName(string kind) => kind switch { "household" => "农户", "village" => "村（社区）", "workTeam" => "驻村工作队", _ => kind };

    static string Show(decimal? yuan) => yuan is { } y ? Money.Show(y) : "—";
}
