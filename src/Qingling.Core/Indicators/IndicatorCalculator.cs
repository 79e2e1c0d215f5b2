using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Funds;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Core.Targets;

namespace Qingling.Core.Indicators;

/// <summary>A household's figures for the plan: baseline year, plan year so far, and the plan year projected.</summary>
public sealed record HouseholdProgress(
    long HouseholdId, string Code, string Village, HouseholdType Type, MonitoringCategory? Monitoring, IReadOnlyList<MemberWork> Members,
    HouseholdIncome Baseline, HouseholdIncome Recorded, HouseholdIncome Projected)
{
    /// <summary>The members as the baseline year's record has them (<see cref="Members"/> are the plan year's).</summary>
    public IReadOnlyList<MemberWork>? BaselineMembers { get; init; }

    /// <summary>The household type and monitoring category of the baseline year's record (<see cref="Type"/> is the plan year's).</summary>
    public (HouseholdType Type, MonitoringCategory? Monitoring)? BaselineKind { get; init; }

    /// <summary>The village's region id (<see cref="Village"/> is its name, which two towns may share).</summary>
    public long VillageId { get; init; }
}

/// <summary>A measure as it stood on the date asked about.</summary>
public sealed record MeasureAt(Measure Measure, MeasureStatus Status, MeasureDetails Details, string Village);

/// <summary>Everything the indicators are computed from, for one plan and one date.</summary>
public sealed record ProgressInput(
    PlanDefinition Plan, DateOnly Date, IReadOnlyList<HouseholdProgress> Households, IReadOnlySet<long> PlanHouseholds,
    IReadOnlyList<MeasureAt> Measures, IReadOnlyList<Project> Projects)
{
    /// <summary>Months of the plan year the ledger covers on the date: 12 once the year's annual record is in or all months are entered.</summary>
    public int LedgerMonths { get; init; } = 12;
    /// <summary>The baseline target list; null: derived from the baseline year's figures of <see cref="Households"/>.</summary>
    public BaselineList? Baseline { get; init; }
}

/// <summary>The baseline target list: households and their members; frozen when stored at the plan's start.</summary>
public sealed record BaselineList(IReadOnlySet<long> Households, IReadOnlySet<long> Members, bool Frozen);

public sealed record Breakdown(string Name, decimal? Value, bool? Met);

public sealed record IndicatorResult(
    string Key, string Name, IndicatorKind Kind, decimal? Value, decimal Target, string Unit, Comparison Comparison, bool Met,
    IReadOnlyList<Breakdown> ByVillage, IReadOnlyList<Breakdown> ByDepartment)
{
    /// <summary>
    /// Set while the figure rests on an incomplete year ("1—6月已录入"): it is shown with that label and not judged
    /// against the target, since half a year's income says nothing about the year's.
    /// </summary>
    public string? Provisional { get; init; }

    /// <summary>Whether the value is held against the target at all.</summary>
    public bool Judged => Provisional is null;

    /// <summary>达标, 未达标, or why it is not judged yet.</summary>
    public string Verdict => Provisional is { } p ? $"暂不判断（{p}）" : Met ? "达标" : "未达标";

    /// <summary>Whom it counts.</summary>
    public IndicatorPopulation Population { get; init; }
    /// <summary>What an auditor needs beside the figure: who left the denominator and why, amounts not counted, households counted.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Computes each indicator of a plan, for the whole area, by village and by responsible department.</summary>
public static class IndicatorCalculator
{
    public static IReadOnlyList<IndicatorResult> Compute(ProgressInput input)
    {
        if (input.Baseline is null) input = input with { Baseline = DeriveBaseline(input) };
        // Each village's households and measures picked out once, not once per indicator and village: with hundreds of
        // villages and a million members, filtering the whole list for every village was most of the command's time.
        var householdsOf = input.Households.ToLookup(h => h.Village);
        var measuresOf = input.Measures.ToLookup(m => m.Village);
        var villages = householdsOf.Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var all = input.Households.ToList();
        var ofVillage = villages.ToDictionary(v => v, v => householdsOf[v].ToList());
        var codes = input.Households.ToDictionary(h => h.HouseholdId, h => h.Code);
        var shared = new Shared(input, all);
        // The indicators are independent of each other and read the input only: they are computed side by side.
        var indicators = input.Plan.Indicators;
        var results = new IndicatorResult[indicators.Count];
        Parallel.For(0, indicators.Count, k =>
        {
            var indicator = indicators[k];
            var value = Value(indicator, shared, all, input.Measures, whole: true);
            var byVillage = villages
                .Select(v => Value(indicator, shared, ofVillage[v], measuresOf[v], whole: false) is var x && x.Applies
                    ? new Breakdown(v, x.Value, Village(indicator) ? indicator.IsMet(x.Value) : null) : null)
                .OfType<Breakdown>().ToList();
            var byDepartment = MeasureBased(indicator.Kind)
                ? input.Plan.Departments.Select(d => new Breakdown(d, Value(indicator, shared, all, input.Measures.Where(m => m.Measure.Department == d), whole: false).Value, null)).ToList()
                : [];
            var provisional = RecordedIncome(indicator.Kind) && input.LedgerMonths < 12
                ? (input.LedgerMonths == 0 ? "本年收入尚未录入" : $"1—{input.LedgerMonths}月已录入") : null;
            if (provisional is not null) byVillage = byVillage.Select(b => b with { Met = null }).ToList();
            results[k] = new IndicatorResult(indicator.Key, indicator.Name, indicator.Kind, value.Value, indicator.Target, indicator.Unit,
                indicator.Comparison, provisional is null && indicator.IsMet(value.Value), byVillage, byDepartment)
            {
                Provisional = provisional, Population = indicator.CountedPopulation, Notes = Notes(indicator, shared, codes),
            };
        });
        return results;
    }

    /// <summary>Whether a village's own value can be held against the plan's target (counts of people cannot: the target is the town's).</summary>
    static bool Village(IndicatorDefinition i) => i.Kind is IndicatorKind.ChannelCoverage or IndicatorKind.PopulationGrowth
        or IndicatorKind.PopulationGrowthProjected or IndicatorKind.HouseholdsUnderLine or IndicatorKind.HouseholdsUnderLineProjected or IndicatorKind.PersonsUnderLine
        or IndicatorKind.HouseholdsUnderMonitoringLine or IndicatorKind.ZeroEmploymentHouseholds;

    /// <summary>Indicators read from the income recorded so far, which only a complete year can judge.</summary>
    static bool RecordedIncome(IndicatorKind k) => k is IndicatorKind.HouseholdsUnderLine or IndicatorKind.PersonsUnderLine or IndicatorKind.PopulationGrowth;

    static bool MeasureBased(IndicatorKind k) => k is IndicatorKind.ChannelCoverage or IndicatorKind.PersonsCompleted
        or IndicatorKind.PersonsEngaged or IndicatorKind.MicrocreditHouseholds or IndicatorKind.MicrocreditAmount;

    readonly record struct Computed(decimal? Value, bool Applies);

    /// <summary>The indicator's value over <paramref name="households"/> and <paramref name="measures"/> (the area's, a village's or a department's).</summary>
    static Computed Value(IndicatorDefinition i, Shared shared, IReadOnlyList<HouseholdProgress> households, IEnumerable<MeasureAt> measures, bool whole)
    {
        var input = shared.Input;
        var plan = input.Plan;
        var rule = shared.Rule;
        var started = measures.Where(m => m.Measure.Start <= input.Date).ToList();
        var baseline = input.Baseline!;
        var population = i.CountedPopulation;
        // Under-line counts follow the plan's dynamic list unless the indicator names the baseline list.
        var counted = population == IndicatorPopulation.Baseline ? households.Where(h => baseline.Households.Contains(h.HouseholdId)).ToList() : households;
        switch (i.Kind)
        {
            case IndicatorKind.HouseholdsUnderLine:
                return new(UnderLineCount(counted, shared.UnderRecorded, h => h.Recorded).Households, true);
            case IndicatorKind.PersonsUnderLine:
                return new(UnderLineCount(counted, shared.UnderRecorded, h => h.Recorded).Persons, true);
            case IndicatorKind.HouseholdsUnderLineProjected:
                return new(UnderLineCount(counted, shared.UnderProjected, h => h.Projected).Households, true);
            case IndicatorKind.ChannelCoverage:
            {
                var pool = shared.CoveragePool(i, households);
                if (pool.Count == 0) return new(null, false);
                var covered = started.Where(m => m.Measure.Channel == i.Channel && MeasureStatuses.IsLive(m.Status) && pool.Contains(m.Measure.HouseholdId))
                    .Select(m => m.Measure.HouseholdId).Distinct().Count();
                return new(Ratios.Round((decimal)covered / pool.Count), true);
            }
            case IndicatorKind.PersonsCompleted:
                return new(started.Where(m => m.Measure.Channel == i.Channel && MeasureStatuses.IsFinished(m.Status) && m.Measure.MemberId is { } id && baseline.Members.Contains(id))
                    .Select(m => m.Measure.MemberId).Distinct().Count(), true);
            case IndicatorKind.PersonsEngaged:
                return new(started.Where(m => m.Measure.Channel == i.Channel && MeasureStatuses.HasStarted(m.Status) && m.Measure.MemberId is { } id && baseline.Members.Contains(id))
                    .Select(m => m.Measure.MemberId).Distinct().Count(), true);
            case IndicatorKind.MicrocreditHouseholds:
                return new(Loans(started, baseline).Select(m => m.Measure.HouseholdId).Distinct().Count(), true);
            case IndicatorKind.MicrocreditAmount:
                return new(EligibleLoans(plan, Loans(started, baseline)).Sum(l => l.Eligible), true);
            case IndicatorKind.PopulationGrowth:
            case IndicatorKind.PopulationGrowthProjected:
            {
                var people = households.Where(h => rule.InScope(h.Type, h.Monitoring)).ToList();
                if (people.Count == 0) return new(null, false);
                var projected = i.Kind == IndicatorKind.PopulationGrowthProjected;
                var growth = Growth.Rate(Growth.PopulationPerCapita(people.Select(h => h.Baseline)),
                    Growth.PopulationPerCapita(people.Select(h => projected ? h.Projected : h.Recorded)));
                return new(growth is { } g ? Ratios.Round(g) : null, true);
            }
            case IndicatorKind.FundIndustryShare:
                // Projects are the town's: there is no village or department breakdown of a fund share.
                if (!whole) return new(null, false);
                var share = FundRatios.Of(input.Projects, i.FundSource!.Value, plan.Year).Ratio;
                return new(share is { } s ? Ratios.Round(s) : null, true);
            case IndicatorKind.HouseholdsUnderMonitoringLine:
                return new(UnderMonitoringLine(plan, households).Count(), true);
            case IndicatorKind.ZeroEmploymentHouseholds:
                return new(ZeroEmployment(i, input, households, shared.WithJob).Count(), true);
            default:
                throw new ArgumentOutOfRangeException(nameof(i), i.Kind, null);
        }
    }

    /// <summary>
    /// The coverage denominator: the baseline households; for <see cref="IndicatorPopulation.TargetsWilling"/> without those
    /// that declined the channel (不代替群众作选择): a household that declined it and has no live measure in it.
    /// </summary>
    static HashSet<long> CoveragePool(IndicatorDefinition i, ProgressInput input, IEnumerable<HouseholdProgress> households,
        IReadOnlyDictionary<long, string>? declined)
    {
        var pool = new HashSet<long>();
        foreach (var h in households)
            if (input.Baseline!.Households.Contains(h.HouseholdId)) pool.Add(h.HouseholdId);
        if (i.CountedPopulation == IndicatorPopulation.TargetsWilling) pool.ExceptWith(declined!.Keys);
        return pool;
    }

    /// <summary>Households that declined a channel by the date, with their reasons: every proposal of the channel declined, none live.</summary>
    public static IReadOnlyDictionary<long, string> Declined(ProgressInput input, string channel)
    {
        var ofChannel = input.Measures.Where(m => m.Measure.Channel == channel).ToLookup(m => m.Measure.HouseholdId);
        var declined = new Dictionary<long, string>();
        foreach (var g in ofChannel)
        {
            if (g.Any(m => MeasureStatuses.IsLive(m.Status)) || !g.Any(m => m.Status == MeasureStatus.Declined)) continue;
            declined[g.Key] = string.Join("；", g.Where(m => m.Status == MeasureStatus.Declined)
                .Select(m => m.Measure.DeclineReason is { Length: > 0 } r ? r : m.Measure.Description).Distinct());
        }
        return declined;
    }

    /// <summary>脱贫户 (and 监测对象 when in scope) whose projected per-capita net income is under the plan year's monitoring line.</summary>
    static IEnumerable<HouseholdProgress> UnderMonitoringLine(PlanDefinition plan, IEnumerable<HouseholdProgress> households)
    {
        if (!plan.MonitoringLines.TryGetValue(plan.Year, out var line)) return [];
        var rule = plan.TargetRule;
        return households.Where(h => rule.InScope(h.Type, h.Monitoring) && h.Projected.PerCapitaNetIncome is { } p && p < line);
    }

    /// <summary>
    /// Labour households of the population where nobody works: no member counted in the plan year works by the register
    /// (务工状况, 务工时间), and no job measure (转移就业, or a tourism job) has started for the household by the date.
    /// </summary>
    static IEnumerable<HouseholdProgress> ZeroEmployment(IndicatorDefinition i, ProgressInput input, IEnumerable<HouseholdProgress> households, IReadOnlySet<long> withJob)
    {
        var rule = input.Plan.TargetRule;
        return households.Where(h =>
            (i.CountedPopulation == IndicatorPopulation.Baseline ? input.Baseline!.Households.Contains(h.HouseholdId) : rule.InScope(h.Type, h.Monitoring))
            && h.Members.Any(m => rule.IsLabour(m.Labour))
            && !h.Members.Any(m => m.Working)
            && !withJob.Contains(h.HouseholdId));
    }

    /// <summary>Households with a job measure (转移就业, or a tourism job) started by the date.</summary>
    static HashSet<long> WithJob(ProgressInput input) =>
        input.Measures.Where(m => m.Measure.Start <= input.Date && MeasureStatuses.HasStarted(m.Status)
                && (m.Measure.Channel == Channels.Employment || (m.Measure.Channel == Channels.Tourism && m.Details.TourismForm == "就业")))
            .Select(m => m.Measure.HouseholdId).ToHashSet();

    /// <summary>Each household's loans and the part of them within the plan's per-household cap.</summary>
    static IEnumerable<(long Household, decimal Total, decimal Eligible)> EligibleLoans(PlanDefinition plan, IEnumerable<MeasureAt> loans) =>
        loans.GroupBy(m => m.Measure.HouseholdId).Select(g => g.Sum(m => m.Details.LoanAmount ?? 0) is var total
            ? (g.Key, total, Math.Min(total, plan.Microcredit.HouseholdCap)) : default);

    /// <summary>The baseline year's target list, by the baseline year's own members and labour (not the plan year's).</summary>
    public static IReadOnlyList<TargetHousehold> BaselineTargets(IEnumerable<HouseholdProgress> households, TargetRule rule) =>
        TargetSelector.Select(households.Select(h => new HouseholdYear(h.HouseholdId, h.Code, h.Village,
            h.BaselineKind?.Type ?? h.Type, h.BaselineKind is { } k ? k.Monitoring : h.Monitoring, h.BaselineMembers ?? h.Members, h.Baseline)), rule);

    /// <summary>The baseline list from the baseline year's figures, when none is frozen: the households then under the line and their members then.</summary>
    static BaselineList DeriveBaseline(ProgressInput input)
    {
        var targets = BaselineTargets(input.Households, input.Plan.TargetRule).Select(t => t.HouseholdId).ToHashSet();
        var members = input.Households.Where(h => targets.Contains(h.HouseholdId))
            .SelectMany(h => (h.BaselineMembers ?? h.Members).Select(m => m.Id)).ToHashSet();
        return new BaselineList(targets, members, false);
    }

    static IReadOnlyList<string> Notes(IndicatorDefinition i, Shared shared, Dictionary<long, string> codes)
    {
        var input = shared.Input;
        var notes = new List<string>();
        string Code(long id) => codes.GetValueOrDefault(id, $"#{id}");
        var population = i.CountedPopulation;
        if (population is IndicatorPopulation.Baseline or IndicatorPopulation.TargetsWilling or IndicatorPopulation.TargetMembers)
        {
            var known = input.Baseline!.Households.Count(codes.ContainsKey);
            notes.Add(input.Baseline.Frozen
                ? $"基准名单：{known}户（已冻结）"
                : $"基准名单尚未冻结，按{input.Plan.BaselineYear}年数据推算为{known}户（qingling plan baseline freeze 冻结）");
        }
        switch (i.Kind)
        {
            case IndicatorKind.ChannelCoverage when population == IndicatorPopulation.TargetsWilling:
                foreach (var (id, reason) in shared.Declined(i.Channel!).Where(d => input.Baseline!.Households.Contains(d.Key) && codes.ContainsKey(d.Key)))
                    notes.Add($"户{Code(id)}不愿意{Measures.Channels.Name(i.Channel!)}，不计入分母：{reason}");
                break;
            case IndicatorKind.MicrocreditAmount:
                foreach (var l in EligibleLoans(input.Plan, Loans(input.Measures.Where(m => m.Measure.Start <= input.Date), input.Baseline!)).Where(l => l.Total > l.Eligible))
                    notes.Add($"户{Code(l.Household)}贷款合计{l.Total:0.##}元，超过每户{input.Plan.Microcredit.HouseholdCap:0}元上限的{l.Total - l.Eligible:0.##}元不计");
                break;
            case IndicatorKind.HouseholdsUnderMonitoringLine:
                if (input.Plan.MonitoringLines.TryGetValue(input.Plan.Year, out var line))
                    notes.Add($"{input.Plan.Year}年防返贫监测收入线{line:0.##}元（按预计全年收入）" +
                        string.Concat(UnderMonitoringLine(input.Plan, input.Households).Select(h => $"；户{h.Code}预计{h.Projected.PerCapitaNetIncome:0.##}元")));
                break;
            case IndicatorKind.ZeroEmploymentHouseholds:
                notes.AddRange(ZeroEmployment(i, input, input.Households, shared.WithJob).Select(h => $"户{h.Code}有劳动力但无人务工、无在途就业措施"));
                break;
        }
        return notes;
    }

    /// <summary>
    /// The households a household-counting indicator counts, in one village or (null) the whole area, by the very rules its
    /// value is computed with, so a list opened from a figure holds as many households as the figure says. Null for an
    /// indicator that does not count households.
    /// </summary>
    public static IReadOnlyList<HouseholdProgress>? Counted(IndicatorDefinition i, ProgressInput input, string? village = null)
    {
        if (input.Baseline is null) input = input with { Baseline = DeriveBaseline(input) };
        var households = input.Households.Where(h => village is null || h.Village == village).ToList();
        var counted = i.CountedPopulation == IndicatorPopulation.Baseline ? households.Where(h => input.Baseline!.Households.Contains(h.HouseholdId)).ToList() : households;
        IEnumerable<long>? ids = i.Kind switch
        {
            IndicatorKind.HouseholdsUnderLine or IndicatorKind.PersonsUnderLine => UnderLine(counted, h => h.Recorded, input.Plan.TargetRule).Select(t => t.HouseholdId),
            IndicatorKind.HouseholdsUnderLineProjected => UnderLine(counted, h => h.Projected, input.Plan.TargetRule).Select(t => t.HouseholdId),
            IndicatorKind.HouseholdsUnderMonitoringLine => UnderMonitoringLine(input.Plan, households).Select(h => h.HouseholdId),
            IndicatorKind.ZeroEmploymentHouseholds => ZeroEmployment(i, input, households, WithJob(input)).Select(h => h.HouseholdId),
            _ => null,
        };
        if (ids is null) return null;
        var set = ids.ToHashSet();
        return households.Where(h => set.Contains(h.HouseholdId)).ToList();
    }

    /// <summary>Microcredit loans granted to baseline target households.</summary>
    static IEnumerable<MeasureAt> Loans(IEnumerable<MeasureAt> measures, BaselineList baseline) =>
        measures.Where(m => m.Measure.Channel == Channels.Finance && m.Details.IsMicrocredit && MeasureStatuses.HasStarted(m.Status)
            && baseline.Households.Contains(m.Measure.HouseholdId));

    /// <summary>How many of <paramref name="households"/> are under the line, and their persons, by each household's row worked out once.</summary>
    static (int Households, int Persons) UnderLineCount(IEnumerable<HouseholdProgress> households, IReadOnlySet<long> under, Func<HouseholdProgress, HouseholdIncome> income)
    {
        int count = 0, persons = 0;
        foreach (var h in households)
        {
            if (!under.Contains(h.HouseholdId)) continue;
            count++;
            persons += income(h).Persons;
        }
        return (count, persons);
    }

    /// <summary>
    /// What the indicators ask of the same input again and again, worked out once per computation: whether each household
    /// is under the line (asked for the town, every village and several indicators), the households that declined a
    /// channel (asked for every village and department), those with a job measure, and the town's coverage pools (asked
    /// again for every department). At 250,000 households asking afresh was half of `progress`'s processor time.
    /// Built lazily and read side by side by the indicators; nothing in it changes once built.
    /// </summary>
    sealed class Shared
    {
        public ProgressInput Input { get; }
        public TargetRule Rule { get; }
        readonly IReadOnlyList<HouseholdProgress> all;
        readonly Lazy<HashSet<long>> recorded, projected;
        readonly Lazy<HashSet<long>> withJob;
        readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<long, string>>> declined = new();
        readonly System.Collections.Concurrent.ConcurrentDictionary<IndicatorDefinition, Lazy<HashSet<long>>> wholePools = new(ReferenceEqualityComparer.Instance);

        public Shared(ProgressInput input, IReadOnlyList<HouseholdProgress> all)
        {
            Input = input;
            Rule = input.Plan.TargetRule;
            this.all = all;
            recorded = new(() => UnderLineOn(h => h.Recorded));
            projected = new(() => UnderLineOn(h => h.Projected));
            withJob = new(() => WithJob(input));
        }

        public IReadOnlySet<long> UnderRecorded => recorded.Value;
        public IReadOnlySet<long> UnderProjected => projected.Value;
        public IReadOnlySet<long> WithJob => withJob.Value;
        public IReadOnlyDictionary<long, string> Declined(string channel) =>
            declined.GetOrAdd(channel, c => new(() => IndicatorCalculator.Declined(Input, c))).Value;

        /// <summary>The coverage pool of <paramref name="households"/>; the whole area's is kept, as every department asks for it.</summary>
        public HashSet<long> CoveragePool(IndicatorDefinition i, IReadOnlyList<HouseholdProgress> households)
        {
            HashSet<long> Build() => IndicatorCalculator.CoveragePool(i, Input, households,
                i.CountedPopulation == IndicatorPopulation.TargetsWilling ? Declined(i.Channel!) : null);
            return ReferenceEquals(households, all) ? wholePools.GetOrAdd(i, _ => new(Build)).Value : Build();
        }

        /// <summary>The households under the line on the income (the rule's own evaluation, as <see cref="UnderLine"/> makes its list).</summary>
        HashSet<long> UnderLineOn(Func<HouseholdProgress, HouseholdIncome> income)
        {
            var under = new HashSet<long>();
            foreach (var h in all)
                if (TargetSelector.Evaluate(new HouseholdYear(h.HouseholdId, h.Code, h.Village, h.Type, h.Monitoring, h.Members, income(h)), Rule) is not null)
                    under.Add(h.HouseholdId);
            return under;
        }
    }

    /// <summary>The households under the line on the given income (recorded or projected), by the plan's target rule.</summary>
    public static IReadOnlyList<TargetHousehold> UnderLine(IEnumerable<HouseholdProgress> households, Func<HouseholdProgress, HouseholdIncome> income, TargetRule rule) =>
        TargetSelector.Select(households.Select(h => new HouseholdYear(h.HouseholdId, h.Code, h.Village, h.Type, h.Monitoring, h.Members, income(h))), rule);
}
