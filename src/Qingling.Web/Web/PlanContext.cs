using Microsoft.EntityFrameworkCore;
using Qingling.Core.Indicators;
using Qingling.Core.Plans;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Data.Plans;

namespace Qingling.Web.Web;

/// <summary>The plan pages work on, the date its data stands at, and its progress as the current user may see it.</summary>
public sealed class PlanContext(Store store, CurrentUser current, ProgressCache cache, IntegrityRuns integrity, ILogger<PlanContext> logger)
{
    PlanDefinition? _plan;
    bool _loaded;
    (long Data, long Figures)? _versions;

    /// <summary>
    /// The data version this request works with, read before anything derived from the data: what is cached under it
    /// is then never older than it.
    /// </summary>
    public long Version => Versions.Data;

    /// <summary>
    /// The figures' version (<see cref="DataVersion.Figures"/>), read with <see cref="Version"/>: what reads no alert is kept
    /// under it, so the alerts the checks write after a change do not make every page derive its figures again.
    /// </summary>
    public long FiguresVersion => Versions.Figures;

    (long Data, long Figures) Versions
    {
        get
        {
            if (_versions is { } v) return v;
            using var db = store.CreateContext();
            return (_versions = DataVersion.Both(db)).Value;
        }
    }

    /// <summary>
    /// The key of a rendered fragment (the <c>&lt;cache&gt;</c> tag helper's vary-by) that shows the plan's figures on a date as
    /// this user's scope sees them, and nothing else: a table of hundreds of villages is rendered once per figures version,
    /// date and scope, not on every request.
    /// </summary>
    public string FiguresFragmentKey(DateOnly date, PlanDefinition? plan = null) => $"{(plan ?? Plan)!.Key}|f{FiguresVersion}|{date:yyyy-MM-dd}|{ScopeKey}";

    /// <summary>The key of a rendered fragment that shows what is derived from any of the data (alerts included), for <paramref name="what"/>.</summary>
    public string DataFragmentKey(string what) => $"{Plan!.Key}|d{Version}|{what}|{ScopeKey}";

    ProgressCache.Stamp DataStamp => new(Version, false);
    ProgressCache.Stamp FiguresStamp => new(FiguresVersion, true);

    /// <summary>The latest plan, or null before any is loaded.</summary>
    public PlanDefinition? Plan
    {
        get
        {
            if (_loaded) return _plan;
            _loaded = true;
            // Parsed and checked once per data version (loading a plan is a change of data).
            return _plan = cache.Get(FiguresStamp, ("plan", FiguresVersion), () =>
            {
                using var db = store.CreateContext();
                return new Box<PlanDefinition>(db.Plans.Any() ? new PlanHandler(store, current.Actor).Get(null) : null);
            }, _ => 1, limited: false).Value;
        }
    }

    /// <summary>数据截至 (<see cref="DataDate"/>).</summary>
    public DateOnly AsOf => AsOfFor(Plan ?? throw new InvalidOperationException("尚未载入方案"));

    /// <summary>数据截至 of any stored plan (a county plan beside the town's), by the same rule.</summary>
    public DateOnly AsOfFor(PlanDefinition plan)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        // The latest month reads the whole ledger: once per data version and day.
        return cache.Get(FiguresStamp, ("as-of", plan.Key, FiguresVersion, today), () => new Box<DateOnly?>(Compute(plan, today)), _ => 1, limited: false).Value!.Value;
    }

    DateOnly Compute(PlanDefinition plan, DateOnly today)
    {
        using var db = store.CreateContext();
        return DataDate.Of(db, plan, today);
    }

    /// <summary>Who sees what (<see cref="CurrentUser.ScopeKey"/>).</summary>
    public string ScopeKey => current.ScopeKey;

    /// <summary>The cache key of a plan's data at a figures version (<see cref="DataIn"/>).</summary>
    public static object DataKey(string planKey, long figuresVersion) => ("data", planKey, figuresVersion);

    /// <summary>
    /// A plan's data at a figures version, read once into the pages' cache: the pages and the publishing service share
    /// the entry (the dashboard's read serves a recount of the projections, and the other way round).
    /// </summary>
    public static ProgressData DataIn(ProgressCache cache, Store store, PlanDefinition plan, long figuresVersion) =>
        cache.Get(new ProgressCache.Stamp(figuresVersion, true), DataKey(plan.Key, figuresVersion), () =>
        {
            using var db = store.CreateContext();
            return ProgressQuery.Load(db, plan);
        }, d => d.HouseholdCount * 3L);

    /// <summary>The plan's data, read once per data version.</summary>
    public ProgressData Data => DataOf(Plan!);

    ProgressData DataOf(PlanDefinition plan) => DataIn(cache, store, plan, FiguresVersion);

    /// <summary>The stored plans, newest year first (a county's database holds its towns' plans and the county's own).</summary>
    public IReadOnlyList<StoredPlanName> Plans =>
        cache.Get(FiguresStamp, ("plans", FiguresVersion), () =>
        {
            using var db = store.CreateContext();
            return db.Plans.AsNoTracking().OrderByDescending(p => p.Year).ThenBy(p => p.Key).Select(p => new StoredPlanName(p.Key, p.Name, p.Year)).ToList();
        }, _ => 1, limited: false);

    /// <summary>A stored plan by key, or null when there is none: the pages may show another plan than the one they work on.</summary>
    public PlanDefinition? PlanByKey(string key)
    {
        if (Plan is { } working && working.Key == key) return working;
        if (!Plans.Any(p => p.Key == key)) return null;
        return cache.Get(FiguresStamp, ("plan-by-key", key, FiguresVersion), () => new Box<PlanDefinition>(new PlanHandler(store, current.Actor).Get(key)),
            _ => 1, limited: false).Value;
    }

    /// <summary>
    /// Every indicator of any stored plan on a date as this user's scope sees them (a county plan's: its towns' households and
    /// their town plans' measures), once per figures version, date and scope; the plan the pages work on shares its figures.
    /// </summary>
    public IReadOnlyList<IndicatorResult> ResultsOf(PlanDefinition plan, DateOnly date) => plan.Key == Plan?.Key ? Results(date) : ResultsAlone(plan, date);

    /// <summary>The indicators' inputs on a date for the whole area (fund shares, review packs, the quarter are the town's).</summary>
    public ProgressInput TownProgress(DateOnly date) =>
        cache.Get(FiguresStamp, ("input", Plan!.Key, FiguresVersion, date), () => Data.At(date), i => i.Households.Count * 2L);

    /// <summary>The indicators' inputs on a date, cut to the households this user may see (fund shares stay the town's).</summary>
    public ProgressInput Progress(DateOnly date) => Scoped(TownProgress(date));

    ProgressInput Scoped(ProgressInput input)
    {
        if (current.VisibleHouseholds is not { } visible) return input;
        return input with
        {
            Households = input.Households.Where(h => visible.Contains(h.HouseholdId)).ToList(),
            PlanHouseholds = input.PlanHouseholds.Where(visible.Contains).ToHashSet(),
            Measures = input.Measures.Where(m => visible.Contains(m.Measure.HouseholdId)).ToList(),
        };
    }

    /// <summary>Every indicator on a date as this user's scope sees it, computed once per data version, date and scope.</summary>
    public IReadOnlyList<IndicatorResult> Results(DateOnly date) =>
        cache.Get(FiguresStamp, ("results", Plan!.Key, FiguresVersion, date, ScopeKey), () => IndicatorCalculator.Compute(Progress(date)), r => 1 + r.Sum(x => x.ByVillage.Count) / 16);

    /// <summary>
    /// The indicators at a month end, for a trend: from the plan's data read once, without keeping that date's inputs
    /// (a year's trend would otherwise hold twelve copies of the town).
    /// </summary>
    public IReadOnlyList<IndicatorResult> ResultsForTrend(DateOnly date) => ResultsAlone(Plan!, date);

    /// <summary>A plan's indicators on a date from its data read once, the date's inputs not kept (shares <see cref="Results"/>' entry).</summary>
    IReadOnlyList<IndicatorResult> ResultsAlone(PlanDefinition plan, DateOnly date) =>
        cache.Get(FiguresStamp, ("results", plan.Key, FiguresVersion, date, ScopeKey), () => IndicatorCalculator.Compute(Scoped(DataOf(plan).At(date))),
            r => 1 + r.Sum(x => x.ByVillage.Count) / 16);

    /// <summary>Anything derived from the data, plan or not, kept per data version under <paramref name="key"/>.</summary>
    /// <param name="limited">False for a small read every view of a page needs (a list of rounds): never held up by the heavy-work limit.</param>
    public T Cached<T>(object key, Func<T> compute, bool limited = true) where T : class => cache.Get(DataStamp, (key, Version), compute, _ => 1, limited);

    /// <summary>
    /// The town's integrity report of a year at a line, run once per figures version (the checks read no alert: the alerts
    /// they open or stop do not make them run again): every page that lists or counts alerts shares it.
    /// </summary>
    public Qingling.Core.Integrity.IntegrityReport Integrity(int year, decimal line) =>
        cache.Get(FiguresStamp, ("integrity", year, line, FiguresVersion), () => integrity.Run(store, year, line), _ => 1);

    /// <summary>
    /// Starts <see cref="Integrity"/> on another thread, for a page that will need it after the figures: after a change the
    /// two are independent reads of the whole town, and the dashboard waited for one and then the other (at 250,000
    /// households 6.4 s, then 4.9 s). Only with a heavy-work permit to spare (<see cref="ProgressCache.Prefetch{T}"/>).
    /// </summary>
    public void StartIntegrity(int year, decimal line) =>
        cache.Prefetch(FiguresStamp, ("integrity", year, line, FiguresVersion), () => integrity.Run(store, year, line), _ => 1, logger);

    /// <summary>A stored plan's key, name and year.</summary>
    public sealed record StoredPlanName(string Key, string Name, int Year);

    /// <summary>A value the cache can hold (it holds objects; null is a value too).</summary>
    sealed record Box<T>(T? Value);

    /// <summary>
    /// What is derived from the plan's figures alone (its data, a date's inputs, indicators; never an alert), kept per figures
    /// version under <paramref name="key"/> (which names the date and scope it depends on).
    /// </summary>
    public T DerivedFromFigures<T>(object key, Func<T> compute) where T : class =>
        cache.Get(FiguresStamp, (key, Plan!.Key, "figures", FiguresVersion), compute, _ => 1);

    /// <summary>Anything else derived from the plan's data, kept per data version under <paramref name="key"/>.</summary>
    public T Derived<T>(object key, Func<T> compute, bool limited = true) where T : class =>
        cache.Get(DataStamp, (key, Plan!.Key, Version), compute, _ => 1, limited);
}
