using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Data.Database;
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
        var current = IncomeQuery.ForYear(db, year);
        var previous = IncomeQuery.ForYear(db, year - 1).ToDictionary(r => r.Household.HouseholdId, r => r.Household);
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);

        var verified = new Dictionary<long, decimal>();
        foreach (var e in db.IncomeEntries.AsNoTracking()
                     .Where(e => e.Year == year && e.Source == IncomeSource.Measure && e.MeasureId != null && e.ExcludedReason == null)
                     .Select(e => new { e.MeasureId, e.Amount }))
            verified[e.MeasureId!.Value] = verified.GetValueOrDefault(e.MeasureId.Value) + e.Amount;

        var measures = db.Measures.AsNoTracking().Where(m => m.Start <= last && m.End >= first)
            .Select(m => new { m.Id, m.HouseholdId, m.Channel, m.Kind, m.Description, m.Status, m.GainCategory, m.ExpectedGain })
            .AsEnumerable()
            .GroupBy(m => m.HouseholdId)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id)
                .Select(m => new MeasureFact(m.Channel, m.Kind, m.Description, m.Status, m.GainCategory, verified.GetValueOrDefault(m.Id), m.ExpectedGain, m.Id)).ToList());

        var visitRows = db.Visits.AsNoTracking().Where(v => v.On >= first && v.On <= last)
            .Select(v => new { v.Id, v.HouseholdId, v.On, v.ExpectedChange, v.ExpectedChangeCategory, v.Changes }).ToList();
        var visitDays = visitRows.ToDictionary(v => v.Id, v => v.On);
        var facts = visitRows.Select(v => (v.HouseholdId, Fact: new VisitFact(v.On, v.ExpectedChange, v.ExpectedChangeCategory, v.Changes))).ToList();
        // Income a visit found is recorded in the ledger with the visit's number in its note (RhythmHandler).
        foreach (var e in db.IncomeEntries.AsNoTracking()
                     .Where(e => e.Year == year && e.ExcludedReason == null && e.Note != null && e.Note.StartsWith(VisitNote))
                     .Select(e => new { e.HouseholdId, e.Category, e.Amount, e.Note }).AsEnumerable()
                     .GroupBy(e => (e.HouseholdId, e.Category, Visit: VisitId(e.Note!))))
        {
            if (e.Key.Visit is not { } id || !visitDays.TryGetValue(id, out var on)) continue;
            facts.Add((e.Key.HouseholdId, new VisitFact(on, e.Sum(x => x.Amount), e.Key.Category, "走访核实的收入")));
        }
        var visits = facts.GroupBy(v => v.HouseholdId)
            .ToDictionary(g => g.Key, g => g.Select(v => v.Fact).OrderBy(v => v.On).ToList());

        var projects = new Dictionary<string, List<string>>();
        foreach (var p in db.Projects.AsNoTracking().Where(p => p.Year == year).Select(p => new { p.Name, p.LinkedHouseholds }))
            foreach (var code in p.LinkedHouseholds.Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!projects.TryGetValue(code, out var list)) projects[code] = list = [];
                list.Add(p.Name);
            }

        var stated = StatedTotals(db, year);
        var late = LateEntries(db, year);
        var cases = new List<IntegrityCase>(current.Count);
        foreach (var row in current)
        {
            var h = row.Household;
            var before = previous.GetValueOrDefault(h.HouseholdId);
            cases.Add(new IntegrityCase(h.HouseholdCode, h.Village, h.Income, h.Members, before?.Income, before?.Members,
                measures.GetValueOrDefault(h.HouseholdId) ?? [], visits.GetValueOrDefault(h.HouseholdId) ?? [],
                projects.GetValueOrDefault(h.HouseholdCode) ?? [])
            {
                Stated = stated.GetValueOrDefault(h.HouseholdId),
                LateEntries = late.GetValueOrDefault(h.HouseholdId) ?? [],
            });
        }
        return cases;
    }

    /// <summary>The year's record as the export stated it, against the formula over the lines that record imported.</summary>
    static Dictionary<long, StatedTotals> StatedTotals(QinglingDbContext db, int year)
    {
        var rows = db.HouseholdYears.AsNoTracking().Where(f => f.Year == year && (f.StatedNetIncome != null || f.StatedPerCapita != null))
            .Select(f => new { f.HouseholdId, f.StatedNetIncome, f.StatedPerCapita }).ToList();
        if (rows.Count == 0) return [];
        var persons = db.MemberYears.AsNoTracking().Where(m => m.Year == year).GroupBy(m => m.HouseholdId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionary(x => x.Key, x => x.Count);
        var net = new Dictionary<long, decimal>();
        // Every imported line, counted or not: the stated total is the file's own sum.
        foreach (var e in db.IncomeEntries.AsNoTracking().Where(e => e.Year == year && e.Source == IncomeSource.Import).Select(e => new { e.HouseholdId, e.Category, e.Amount }))
            net[e.HouseholdId] = net.GetValueOrDefault(e.HouseholdId) + (e.Category == IncomeCategory.ProductionCost ? -e.Amount : e.Amount);
        return rows.ToDictionary(r => r.HouseholdId, r => new StatedTotals(r.StatedNetIncome, r.StatedPerCapita, net.GetValueOrDefault(r.HouseholdId), persons.GetValueOrDefault(r.HouseholdId)));
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
