using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Data.Database;
using Qingling.Core.Households;
using Qingling.Core.Regions;
using Qingling.Data.Queries;

namespace Qingling.Data.Integrity;

/// <summary>
/// Gathers what the integrity checks need for a year in a handful of set queries (no query per household): this
/// year's and last year's income and members, the year's measures with their verified income, visits and project links.
/// The checks always run over the whole town, so village peers and copies across villages are seen; the caller cuts
/// the alerts to a village or a user's scope afterwards.
/// </summary>
public static class IntegrityQuery
{
    public static IReadOnlyList<IntegrityCase> Cases(QinglingDbContext db, int year)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToDictionary(r => r.Id, r => r.Name);
        var households = db.Households.AsNoTracking().Select(h => new { h.Id, h.Code, h.VillageId }).ToList();
        // The facts of this year and last, as IncomeQuery has them (each year's own record, else the latest earlier one),
        // read once: the register of a county is millions of member-years, and every read of it counts.
        var (facts, previousFacts) = Facts(db, year);

        // One pass over the two years' ledger gives everything the checks take from it.
        var totals = new Dictionary<(long, int), decimal[]>();
        var imported = new Dictionary<long, decimal>();
        var verified = new Dictionary<long, decimal>();
        var visitEntries = new List<(long HouseholdId, IncomeCategory Category, decimal Amount, string Note)>();
        foreach (var e in db.IncomeEntries.AsNoTracking().Where(e => e.Year == year || e.Year == year - 1)
                     .Select(e => new { e.HouseholdId, e.Year, e.Category, e.Amount, e.Source, Excluded = e.ExcludedReason != null, e.MeasureId,
                         VisitNote = e.Note != null && e.Note.StartsWith(VisitNote) ? e.Note : null }))
        {
            if (e.Year == year && e.Source == IncomeSource.Import)
                imported[e.HouseholdId] = imported.GetValueOrDefault(e.HouseholdId) + (e.Category == IncomeCategory.ProductionCost ? -e.Amount : e.Amount);
            if (e.Excluded) continue;
            if (e.Year == year && e.Source == IncomeSource.Measure && e.MeasureId is { } m) verified[m] = verified.GetValueOrDefault(m) + e.Amount;
            if (e.Year == year && e.VisitNote is { } note) visitEntries.Add((e.HouseholdId, e.Category, e.Amount, note));
            var annual = (e.Year == year ? facts : previousFacts).TryGetValue(e.HouseholdId, out var f) && f.HasAnnualRecord(e.Year);
            if (!LedgerSources.Counts(e.Source, annual)) continue;
            if (!totals.TryGetValue((e.HouseholdId, e.Year), out var t)) totals[(e.HouseholdId, e.Year)] = t = new decimal[5];
            t[(int)e.Category - 1] += e.Amount;
        }
        HouseholdIncome Income(long id, int y, int persons) => totals.TryGetValue((id, y), out var t)
            ? new HouseholdIncome(y, persons, t[0], t[1], t[2], t[3], t[4]) : new HouseholdIncome(y, persons, 0, 0, 0, 0, 0);

        var measures = db.Measures.AsNoTracking().Where(m => m.Start <= last && m.End >= first)
            .Select(m => new { m.Id, m.HouseholdId, m.Channel, m.Kind, m.Description, m.Status, m.GainCategory, m.ExpectedGain })
            .AsEnumerable()
            .GroupBy(m => m.HouseholdId)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id)
                .Select(m => new MeasureFact(m.Channel, m.Kind, m.Description, m.Status, m.GainCategory, verified.GetValueOrDefault(m.Id), m.ExpectedGain, m.Id)).ToList());

        var visitRows = db.Visits.AsNoTracking().Where(v => v.On >= first && v.On <= last)
            .Select(v => new { v.Id, v.HouseholdId, v.On, v.ExpectedChange, v.ExpectedChangeCategory, v.Changes }).ToList();
        var visitDays = visitRows.ToDictionary(v => v.Id, v => v.On);
        var facts2 = visitRows.Select(v => (v.HouseholdId, Fact: new VisitFact(v.On, v.ExpectedChange, v.ExpectedChangeCategory, v.Changes))).ToList();
        // Income a visit found is recorded in the ledger with the visit's number in its note (RhythmHandler).
        foreach (var e in visitEntries.GroupBy(e => (e.HouseholdId, e.Category, Visit: VisitId(e.Note))))
        {
            if (e.Key.Visit is not { } id || !visitDays.TryGetValue(id, out var on)) continue;
            facts2.Add((e.Key.HouseholdId, new VisitFact(on, e.Sum(x => x.Amount), e.Key.Category, "走访核实的收入")));
        }
        var visits = facts2.GroupBy(v => v.HouseholdId)
            .ToDictionary(g => g.Key, g => g.Select(v => v.Fact).OrderBy(v => v.On).ToList());

        var projects = new Dictionary<string, List<string>>();
        foreach (var p in db.Projects.AsNoTracking().Where(p => p.Year == year).Select(p => new { p.Name, p.LinkedHouseholds }))
            foreach (var code in p.LinkedHouseholds.Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!projects.TryGetValue(code, out var list)) projects[code] = list = [];
                list.Add(p.Name);
            }

        var stated = StatedTotals(db, year, facts, imported);
        var late = LateEntries(db, year);
        var cases = new List<IntegrityCase>(facts.Count);
        foreach (var h in households)
        {
            if (!facts.TryGetValue(h.Id, out var f)) continue;
            var before = previousFacts.GetValueOrDefault(h.Id);
            cases.Add(new IntegrityCase(h.Code, villages.GetValueOrDefault(h.VillageId, ""), Income(h.Id, year, f.Members.Count), f.Members,
                before is null ? null : Income(h.Id, year - 1, before.Members.Count), before?.Members,
                measures.GetValueOrDefault(h.Id) ?? [], visits.GetValueOrDefault(h.Id) ?? [],
                projects.GetValueOrDefault(h.Code) ?? [])
            {
                Stated = stated.GetValueOrDefault(h.Id),
                LateEntries = late.GetValueOrDefault(h.Id) ?? [],
            });
        }
        cases.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Village, b.Village);
            return c != 0 ? c : string.CompareOrdinal(a.HouseholdCode, b.HouseholdCode);
        });
        return cases;
    }

    /// <summary>
    /// Each household's facts for <paramref name="year"/> and the year before: the latest record up to each year, read
    /// in one pass over the register's years (the same rule as <see cref="YearFactsQuery"/>).
    /// </summary>
    static (Dictionary<long, HouseholdFacts> Now, Dictionary<long, HouseholdFacts> Before) Facts(QinglingDbContext db, int year)
    {
        var years = db.HouseholdYears.AsNoTracking().Where(f => f.Year <= year).Select(f => new { f.HouseholdId, f.Year, f.Type, f.Monitoring }).ToList();
        var latest = new Dictionary<long, (int Now, int Before)>();
        foreach (var f in years)
        {
            var (now, before) = latest.GetValueOrDefault(f.HouseholdId, (0, 0));
            if (f.Year > now) now = f.Year;
            if (f.Year < year && f.Year > before) before = f.Year;
            latest[f.HouseholdId] = (now, before);
        }
        var wanted = new HashSet<(long, int)>();
        foreach (var (id, (now, before)) in latest)
        {
            wanted.Add((id, now));
            if (before > 0) wanted.Add((id, before));
        }
        var members = new Dictionary<(long, int), List<Member>>();
        var texts = new SharedTexts();
        foreach (var m in db.MemberYears.AsNoTracking().Where(m => m.Year <= year).OrderBy(m => m.MemberId).AsEnumerable())
        {
            if (!wanted.Contains((m.HouseholdId, m.Year))) continue;
            texts.Share(m);
            if (!members.TryGetValue((m.HouseholdId, m.Year), out var list)) members[(m.HouseholdId, m.Year)] = list = [];
            list.Add(m.AsMember());
        }
        var nowFacts = new Dictionary<long, HouseholdFacts>(latest.Count);
        var beforeFacts = new Dictionary<long, HouseholdFacts>(latest.Count);
        foreach (var f in years)
        {
            var (now, before) = latest[f.HouseholdId];
            HouseholdFacts Make() => new(f.HouseholdId, f.Year, f.Type, f.Monitoring, members.GetValueOrDefault((f.HouseholdId, f.Year)) ?? []);
            if (f.Year == now) nowFacts[f.HouseholdId] = Make();
            if (f.Year == before) beforeFacts[f.HouseholdId] = Make();
        }
        return (nowFacts, beforeFacts);
    }

    /// <summary>The year's record as the export stated it, against the formula over the lines that record imported.</summary>
    static Dictionary<long, StatedTotals> StatedTotals(QinglingDbContext db, int year, Dictionary<long, HouseholdFacts> facts, Dictionary<long, decimal> imported)
    {
        var rows = db.HouseholdYears.AsNoTracking().Where(f => f.Year == year && (f.StatedNetIncome != null || f.StatedPerCapita != null))
            .Select(f => new { f.HouseholdId, f.StatedNetIncome, f.StatedPerCapita }).ToList();
        // Every imported line, counted or not: the stated total is the file's own sum, over the file's own members.
        return rows.ToDictionary(r => r.HouseholdId, r => new StatedTotals(r.StatedNetIncome, r.StatedPerCapita, imported.GetValueOrDefault(r.HouseholdId),
            facts.TryGetValue(r.HouseholdId, out var f) && f.HasAnnualRecord(year) ? f.Members.Count : 0));
    }

    /// <summary>
    /// Monthly entries recorded after a held review for a month that had ended by the review's date: the review judged
    /// that month. Corrections made by confirming an alert carry the alert's note and are the traced fix, not a late entry.
    /// </summary>
    static Dictionary<long, List<LateEntry>> LateEntries(QinglingDbContext db, int year)
    {
        var reviews = db.Reviews.AsNoTracking().Select(r => new { r.On, r.HeldAt }).AsEnumerable()
            .Where(r => r.On.Year == year).OrderBy(r => r.HeldAt).ToList();
        if (reviews.Count == 0) return [];
        var firstHeld = reviews[0].HeldAt;
        var result = new Dictionary<long, List<LateEntry>>();
        foreach (var e in db.IncomeEntries.AsNoTracking()
                     .Where(e => e.Year == year && e.Month != null && e.RecordedAt > firstHeld && e.Source != IncomeSource.Import)
                     .Select(e => new { e.Id, e.HouseholdId, e.Month, e.Category, e.Amount, e.RecordedBy, e.RecordedAt, e.Note }).AsEnumerable())
        {
            if (e.Note is { } note && note.StartsWith(AlertNote, StringComparison.Ordinal)) continue;
            var monthEnd = new DateOnly(year, e.Month!.Value, 1).AddMonths(1).AddDays(-1);
            var review = reviews.LastOrDefault(r => r.HeldAt < e.RecordedAt && r.On >= monthEnd);
            if (review is null) continue;
            if (!result.TryGetValue(e.HouseholdId, out var list)) result[e.HouseholdId] = list = [];
            list.Add(new LateEntry(e.Id, e.Month.Value, e.Category, e.Amount, e.RecordedBy, e.RecordedAt, review.On, review.HeldAt));
        }
        return result;
    }

    /// <summary>The note that marks a ledger entry as the correction of a confirmed alert.</summary>
    public const string AlertNote = "诚信预警#";

    const string VisitNote = "入户走访#";

    static long? VisitId(string note)
    {
        var digits = new string(note[VisitNote.Length..].TakeWhile(char.IsAsciiDigit).ToArray());
        return long.TryParse(digits, out var id) ? id : null;
    }

    /// <summary>The year's alerts and bunching over the whole town.</summary>
    public static IntegrityReport Run(QinglingDbContext db, int year, IntegritySettings settings) =>
        IntegrityChecks.Run(Cases(db, year), settings, wholeYear: db.HouseholdYears.Any(f => f.Year == year));
}
