using Qingling.Core.Funds;
using Qingling.Core.Income;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Data.Queries;

namespace Qingling.Data.Measures;

/// <summary>
/// A plan's data as read once (<see cref="ProgressQuery.Load"/>): every dated fact the indicators are made of. <see cref="At"/>
/// gives the indicators' inputs on any date from it without reading the database again, so a month-by-month trend is
/// one load, not one per month. Read-only once made: safe to share between requests.
/// </summary>
public sealed class ProgressData
{
    public readonly record struct HouseholdRow(long Id, string Code, long VillageId);

    /// <summary>
    /// The sum of a household's entries of one year, month (0: for the whole year), category and source; recorded-at for dated
    /// whole-year entries. Packed into 32 bytes: a county's two years are millions of these, held while the register is read.
    /// </summary>
    public readonly struct LedgerSum(int year, int month, IncomeCategory category, IncomeSource source, decimal amount, DateTime? recordedAt)
    {
        readonly long _recordedTicks = recordedAt?.Ticks ?? 0;
        readonly short _year = checked((short)year);
        readonly byte _month = checked((byte)month), _category = checked((byte)category), _source = checked((byte)source);

        public decimal Amount { get; } = amount;
        public int Year => _year;
        public int Month => _month;
        public IncomeCategory Category => (IncomeCategory)_category;
        public IncomeSource Source => (IncomeSource)_source;
        public DateTime? RecordedAt => _recordedTicks == 0 ? null : new DateTime(_recordedTicks, DateTimeKind.Utc);
    }

    public readonly record struct VisitChange(long HouseholdId, DateOnly On, decimal Yearly, IncomeCategory Category, int FromMonth);

    readonly PlanDefinition _plan;
    readonly Dictionary<long, string> _villages;
    readonly List<HouseholdRow> _households;
    readonly Dictionary<long, HouseholdFacts> _baselineFacts, _openFacts, _wholeFacts;
    readonly int[] _manualMonths;
    /// <summary>The plan year's ledger sums per household (the baseline year's too when it is the plan year).</summary>
    readonly Dictionary<long, LedgerSum[]> _ledgers;
    readonly HashSet<long> _planHouseholds;
    readonly List<Measure> _measures;
    readonly Dictionary<long, MeasureDetails> _details;
    readonly Dictionary<long, (DateOnly On, MeasureStatus To)[]> _changes;
    readonly List<VisitChange> _visits;
    readonly List<Project> _projects;
    readonly BaselineList? _baseline;
    readonly Dictionary<long, HouseholdIncome> _baselineIncome = [];

    internal ProgressData(PlanDefinition plan, Dictionary<long, string> villages, List<HouseholdRow> households,
        Dictionary<long, HouseholdFacts> baselineFacts, Dictionary<long, HouseholdFacts> openFacts, Dictionary<long, HouseholdFacts> wholeFacts,
        int[] manualMonths, Dictionary<long, LedgerSum[]> baselineLedger, Dictionary<long, LedgerSum[]> planLedger, HashSet<long> planHouseholds, List<Measure> measures,
        Dictionary<long, MeasureDetails> details, Dictionary<long, (DateOnly On, MeasureStatus To)[]> changes, List<VisitChange> visits,
        List<Project> projects, BaselineList? baseline, DateOnly? onlyOn = null)
    {
        (_plan, _villages, _households, _baselineFacts, _openFacts, _wholeFacts, _manualMonths, _ledgers, _planHouseholds, _measures, _details, _changes, _visits, _projects, _baseline)
            = (plan, villages, households, baselineFacts, openFacts, wholeFacts, manualMonths, planLedger, planHouseholds, measures, details, changes, visits, projects, baseline);
        // The baseline year's figures do not depend on the date: its ledger is summed here and not kept (a county's baseline
        // year is a million sums, held otherwise beside every date's figures).
        foreach (var h in households)
        {
            var facts = baselineFacts.GetValueOrDefault(h.Id);
            var annual = facts?.HasAnnualRecord(plan.BaselineYear) ?? false;
            _baselineIncome[h.Id] = Sum(plan.BaselineYear, facts?.Members.Count ?? 0, baselineLedger.GetValueOrDefault(h.Id), annual, _ => true);
        }
        // Read for one date, the plan year's ledger is needed for that date's sums only: they are made here and the ledger let go
        // before the date's figures are built beside it.
        OnlyOn = onlyOn;
        if (onlyOn is { } on)
        {
            var yearFacts = YearFacts(on);
            var counts = CountsOn(on);
            foreach (var h in households)
                if ((yearFacts.GetValueOrDefault(h.Id) ?? baselineFacts.GetValueOrDefault(h.Id)) is { } facts) _recordedOn[h.Id] = Recorded(h.Id, facts, counts);
            _ledgers = [];
        }
    }

    /// <summary>With <see cref="OnlyOn"/>: each household's plan-year income recorded on that date.</summary>
    readonly Dictionary<long, HouseholdIncome> _recordedOn = [];

    /// <summary>The plan year's facts a date reads: within the year the latest earlier record, from its last day the year's own.</summary>
    Dictionary<long, HouseholdFacts> YearFacts(DateOnly date) => date < new DateOnly(_plan.Year, 12, 31) ? _openFacts : _wholeFacts;

    /// <summary>Which of the ledger's lines count on <paramref name="date"/>: its months up to the date's, whole-year lines from their moment.</summary>
    Func<LedgerSum, bool> CountsOn(DateOnly date)
    {
        var plan = _plan;
        var yearEnd = new DateOnly(plan.Year, 12, 31);
        var recordedBy = date.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc);
        var dateMonth = LedgerMonth(plan, date);
        return e => e.Year == plan.BaselineYear || (e.Month > 0 ? e.Month <= dateMonth
            : e.RecordedAt is { } at ? at <= recordedBy : dateMonth == 12 && date >= yearEnd);
    }

    /// <summary>A household's plan-year income recorded by the lines that <paramref name="counts"/> (<see cref="CountsOn"/>).</summary>
    HouseholdIncome Recorded(long household, HouseholdFacts facts, Func<LedgerSum, bool> counts) =>
        Sum(_plan.Year, facts.Members.Count, _ledgers.GetValueOrDefault(household), facts.HasAnnualRecord(_plan.Year), counts);

    public PlanDefinition Plan => _plan;

    /// <summary>Set when the data was read for one date only (<see cref="ProgressQuery.Build"/>): its ledger answers for no other.</summary>
    public DateOnly? OnlyOn { get; }

    /// <summary>The plan year's months a date's ledger stands on: none before the year, all twelve after it.</summary>
    public static int LedgerMonth(PlanDefinition plan, DateOnly date) => date.Year < plan.Year ? 0 : date.Year > plan.Year ? 12 : date.Month;

    /// <summary>Households of the plan's area: a measure of the memory this holds.</summary>
    public int HouseholdCount => _households.Count;

    /// <summary>The indicators' inputs on <paramref name="date"/>.</summary>
    public ProgressInput At(DateOnly date)
    {
        if (OnlyOn is { } only && only != date) throw new InvalidOperationException($"figures read for {only:yyyy-MM-dd} asked for {date:yyyy-MM-dd}");
        var plan = _plan;
        var yearFacts = YearFacts(date);
        // The ledger stands at the latest month of the plan year with income recorded (up to the date's month):
        // projecting from the date alone would count a month nobody has entered yet as a month without income.
        var dateMonth = LedgerMonth(plan, date);
        var monthsRecorded = 0;
        foreach (var m in _manualMonths) if (m <= dateMonth) monthsRecorded = m;

        var measuresAt = new List<MeasureAt>();
        foreach (var m in _measures)
        {
            if (!_changes.TryGetValue(m.Id, out var changes)) continue;
            MeasureStatus? status = null;
            foreach (var (on, to) in changes) if (on <= date) status = to;
            if (status is { } s) measuresAt.Add(new MeasureAt(m, s, _details[m.Id], _villages.GetValueOrDefault(m.VillageId, "")));
        }
        var byHousehold = measuresAt.ToLookup(m => m.Measure.HouseholdId);
        var visitChanges = _visits.Where(v => v.On <= date).ToLookup(v => v.HouseholdId, v => (v.Yearly, v.Category, v.FromMonth));

        var counts = OnlyOn is null ? CountsOn(date) : null;
        var progress = new List<HouseholdProgress>();
        foreach (var h in _households)
        {
            var baseFacts = _baselineFacts.GetValueOrDefault(h.Id);
            var facts = yearFacts.GetValueOrDefault(h.Id) ?? baseFacts;
            if (facts is null) continue;
            var yearAnnual = facts.HasAnnualRecord(plan.Year);
            var baseline = _baselineIncome[h.Id];
            var recorded = counts is null ? _recordedOn[h.Id] : Recorded(h.Id, facts, counts);
            // Once the plan year's annual record is in, the year is whole: nothing is left to project.
            var projected = yearAnnual ? recorded
                : IncomeProjection.Project(recorded, baseline, monthsRecorded, byHousehold[h.Id].Select(m => (m.Measure, m.Status)), visitChanges[h.Id]);
            progress.Add(new HouseholdProgress(h.Id, h.Code, _villages[h.VillageId], facts.Type, facts.Monitoring, facts.Members, baseline, recorded, projected)
            {
                BaselineMembers = baseFacts?.Members ?? [],
                BaselineKind = baseFacts is null ? null : (baseFacts.Type, baseFacts.Monitoring),
                VillageId = h.VillageId,
            });
        }

        // The year is whole on the date once every household's annual record is in, or all twelve months are entered.
        var complete = monthsRecorded == 12 || (progress.Count > 0 && progress.All(h => yearFacts.TryGetValue(h.HouseholdId, out var f) && f.HasAnnualRecord(plan.Year)));
        return new ProgressInput(plan, date, progress, _planHouseholds, measuresAt, _projects)
        {
            LedgerMonths = complete ? 12 : monthsRecorded,
            Baseline = _baseline,
        };
    }

    /// <summary>A year's income by the official formula from the sums that count on the date, by the one rule for sources (<see cref="LedgerSources"/>).</summary>
    static HouseholdIncome Sum(int year, int persons, LedgerSum[]? ledger, bool annual, Func<LedgerSum, bool> counts)
    {
        decimal wage = 0, production = 0, property = 0, transfer = 0, cost = 0;
        foreach (var e in ledger ?? [])
        {
            if (e.Year != year || !LedgerSources.Counts(e.Source, annual) || !counts(e)) continue;
            switch (e.Category)
            {
                case IncomeCategory.Wage: wage += e.Amount; break;
                case IncomeCategory.Production: production += e.Amount; break;
                case IncomeCategory.Property: property += e.Amount; break;
                case IncomeCategory.Transfer: transfer += e.Amount; break;
                case IncomeCategory.ProductionCost: cost += e.Amount; break;
            }
        }
        return new HouseholdIncome(year, persons, wage, production, property, transfer, cost);
    }
}
