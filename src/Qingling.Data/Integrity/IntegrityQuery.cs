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
        // The facts of this year and last, as IncomeQuery has them (each year's own record, else the latest earlier one),
        // and the two years' ledger: a county's register is millions of member-years and its ledger millions of lines,
        // so each is read once, only the columns the checks use, streamed, and the two reads run side by side.
        var (latest, statedRows) = BulkRows.OnContext(db, (connection, transaction) => LatestYears(IntegrityRows.Years(connection, transaction, year), year));
        (Dictionary<long, YearRecord> Now, Dictionary<long, YearRecord> Before) records = ([], []);
        List<IntegrityRows.HouseholdLine> households = [];
        LedgerSums sums = null!;
        SideBySide.Run(db,
            c => BulkRows.OnContext(c, (connection, transaction) =>
            {
                var years = WantedYears(latest);
                records = Facts(latest, IntegrityRows.MemberCounts(connection, transaction, years), IntegrityRows.Members(connection, transaction, years));
                households = IntegrityRows.Households(connection, transaction);
            }),
            c => BulkRows.OnContext(c, (connection, transaction) => sums = SumLedger(IntegrityRows.Ledger(connection, transaction, year), latest, year)));
        var (facts, previousFacts) = records;
        var (imported, verified) = (sums.Imported, sums.Verified);
        HouseholdIncome Income(long id, int y, int persons)
        {
            var t = sums.Totals.AsSpan(LedgerSums.At(sums.Slots[id], y == year), 5);
            return new HouseholdIncome(y, persons, t[0], t[1], t[2], t[3], t[4]);
        }

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
        foreach (var e in sums.VisitLines.OrderBy(e => e.Id).GroupBy(e => (e.HouseholdId, e.Category, Visit: VisitId(e.VisitNote!))))
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

        var stated = StatedTotals(statedRows, year, facts, imported);
        var late = LateEntries(db, year);
        var cases = new List<IntegrityCase>(facts.Count);
        foreach (var h in households)
        {
            if (!facts.TryGetValue(h.Id, out var f)) continue;
            var before = previousFacts.GetValueOrDefault(h.Id);
            cases.Add(new IntegrityCase(h.Code, villages.GetValueOrDefault(h.VillageId, ""), Income(h.Id, year, f.Members.Length), f.Members,
                before is null ? null : Income(h.Id, year - 1, before.Members.Length), before?.Members,
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

    /// <summary>A household's annual record as the checks read it: the record's year and its members (by member id).</summary>
    /// <remarks>
    /// The members are an array of the record's size, counted first: a list per record held spare room, one more object,
    /// and the arrays it outgrew (a county's half a million records).
    /// </remarks>
    sealed class YearRecord(int year, int size)
    {
        MemberRecord[] _members = size == 0 ? [] : new MemberRecord[size];
        int _filled;

        public int Year { get; } = year;
        public MemberRecord[] Members => _members;
        public bool HasAnnualRecord(int year) => Year == year;

        public void Add(MemberRecord member)
        {
            // A member added between the count and the read still finds room.
            if (_filled == _members.Length) Array.Resize(ref _members, Math.Max(4, 2 * _members.Length));
            _members[_filled++] = member;
        }

        /// <summary>Cut to what was read (a member removed between the count and the read) and put in member order.</summary>
        public void Seal()
        {
            if (_filled < _members.Length) Array.Resize(ref _members, _filled);
            if (_members.Length > 1) Array.Sort(_members, (a, b) => a.Id.CompareTo(b.Id));
        }
    }

    /// <param name="Slots">Each household with a record (of <c>latest</c>) by its place in <paramref name="Totals"/>.</param>
    /// <param name="Totals">
    /// The counted totals by category, five per household and year, this year's then last year's, in one array: a county's
    /// half a million household-years as an array each held 70 MB where this holds 40.
    /// </param>
    sealed record LedgerSums(Dictionary<long, int> Slots, decimal[] Totals, Dictionary<long, decimal> Imported, Dictionary<long, decimal> Verified,
        List<IntegrityRows.LedgerLine> VisitLines)
    {
        /// <summary>Where a household's five totals of this year (or of last year) start in <see cref="Totals"/>.</summary>
        public static int At(int slot, bool thisYear) => (2 * slot + (thisYear ? 0 : 1)) * 5;
    }

    /// <summary>
    /// One pass over the two years' ledger: each household-year's totals by category (the lines that count, given whether
    /// the year has its annual record), each household's imported lines of the year (the stated totals are checked
    /// against them), each measure's verified income, and the counted lines of the year that visits recorded.
    /// </summary>
    static LedgerSums SumLedger(IEnumerable<IntegrityRows.LedgerLine> lines, Dictionary<long, (int Now, int Before)> latest, int year)
    {
        var slots = new Dictionary<long, int>(latest.Count);
        foreach (var household in latest.Keys) slots[household] = slots.Count;
        var totals = new decimal[slots.Count * 10];
        var imported = new Dictionary<long, decimal>();
        var verified = new Dictionary<long, decimal>();
        var visitLines = new List<IntegrityRows.LedgerLine>();
        (long Id, int Year) lastKey = (0, 0);
        var lastAt = -1;
        var lastAnnual = false;
        foreach (var e in lines)
        {
            if (e.Year == year && e.Source == IncomeSource.Import)
                imported[e.HouseholdId] = imported.GetValueOrDefault(e.HouseholdId) + (e.Category == IncomeCategory.ProductionCost ? -e.Amount : e.Amount);
            if (e.Excluded) continue;
            if (e.Year == year && e.Source == IncomeSource.Measure && e.MeasureId is { } m) verified[m] = verified.GetValueOrDefault(m) + e.Amount;
            if (e.Year == year && e.VisitNote is not null) visitLines.Add(e);
            // A household's lines come together (they are written household by household): look it up once per run of lines.
            if (lastAt == -1 || lastKey != (e.HouseholdId, e.Year))
            {
                lastKey = (e.HouseholdId, e.Year);
                // The year has its annual record when it is the household's latest record of that year.
                lastAnnual = latest.TryGetValue(e.HouseholdId, out var l) && (e.Year == year ? l.Now == year : l.Before == e.Year);
                // A household without any record has no case: its lines are summed for nothing.
                lastAt = slots.TryGetValue(e.HouseholdId, out var slot) ? LedgerSums.At(slot, e.Year == year) : -2;
            }
            if (lastAt < 0 || !LedgerSources.Counts(e.Source, lastAnnual)) continue;
            totals[lastAt + (int)e.Category - 1] += e.Amount;
        }
        return new LedgerSums(slots, totals, imported, verified, visitLines);
    }

    /// <summary>
    /// Each household's latest record year up to <paramref name="year"/> (Now) and before it (Before; 0 for none), and
    /// the year's records that state the export's own totals.
    /// </summary>
    static (Dictionary<long, (int Now, int Before)> Latest, List<IntegrityRows.YearLine> Stated) LatestYears(IEnumerable<IntegrityRows.YearLine> records, int year)
    {
        var latest = new Dictionary<long, (int Now, int Before)>();
        var stated = new List<IntegrityRows.YearLine>();
        foreach (var f in records)
        {
            var (now, before) = latest.GetValueOrDefault(f.HouseholdId, (0, 0));
            if (f.Year > now) now = f.Year;
            if (f.Year < year && f.Year > before) before = f.Year;
            latest[f.HouseholdId] = (now, before);
            if (f.Year == year && (f.StatedNetIncome is not null || f.StatedPerCapita is not null)) stated.Add(f);
        }
        return (latest, stated);
    }

    static List<int> WantedYears(Dictionary<long, (int Now, int Before)> latest)
    {
        var years = new HashSet<int>();
        foreach (var (now, before) in latest.Values)
        {
            years.Add(now);
            if (before != 0) years.Add(before);
        }
        return [.. years];
    }

    /// <summary>
    /// Each household's record for this year and the year before (<paramref name="latest"/>: the latest record up to each
    /// year, the same rule as <see cref="YearFactsQuery"/>), filled from one pass over the register's member-years.
    /// Members are values carrying only what the checks read (work, months, labour, relation; <see cref="MemberRecord"/>), and their repeated texts are kept once:
    /// a county's register is millions of member-years.
    /// </summary>
    static (Dictionary<long, YearRecord> Now, Dictionary<long, YearRecord> Before) Facts(Dictionary<long, (int Now, int Before)> latest,
        Dictionary<(long Household, int Year), int> counts, IEnumerable<IntegrityRows.MemberLine> members)
    {
        var nowFacts = new Dictionary<long, YearRecord>(latest.Count);
        var beforeFacts = new Dictionary<long, YearRecord>(latest.Count);
        foreach (var (id, (now, before)) in latest)
        {
            nowFacts[id] = new YearRecord(now, counts.GetValueOrDefault((id, now)));
            if (before == 0) continue;
            // A household without a record this year is described by last year's record in both places.
            beforeFacts[id] = before == now ? nowFacts[id] : new YearRecord(before, counts.GetValueOrDefault((id, before)));
        }
        var texts = new Dictionary<string, string>();
        string? Text(string? s) => s is null ? null : texts.TryGetValue(s, out var t) ? t : texts[s] = s;
        foreach (var m in members)
        {
            if (!latest.TryGetValue(m.HouseholdId, out var l)) continue;
            var record = m.Year == l.Now ? nowFacts[m.HouseholdId] : m.Year == l.Before ? beforeFacts[m.HouseholdId] : null;
            record?.Add(new MemberRecord(m.MemberId, Text(m.RelationToHead)!, m.Labour, Text(m.WorkStatus), m.MonthsWorked));
        }
        // A record shared by both years is sealed twice: the second finds it done.
        foreach (var r in nowFacts.Values.Concat(beforeFacts.Values)) r.Seal();
        return (nowFacts, beforeFacts);
    }

    /// <summary>The year's record as the export stated it, against the formula over the lines that record imported.</summary>
    static Dictionary<long, StatedTotals> StatedTotals(List<IntegrityRows.YearLine> rows, int year, Dictionary<long, YearRecord> facts, Dictionary<long, decimal> imported)
    {
        // Every imported line, counted or not: the stated total is the file's own sum, over the file's own members.
        return rows.ToDictionary(r => r.HouseholdId, r => new StatedTotals(r.StatedNetIncome, r.StatedPerCapita, imported.GetValueOrDefault(r.HouseholdId),
            facts.TryGetValue(r.HouseholdId, out var f) && f.HasAnnualRecord(year) ? f.Members.Length : 0));
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

    static long? VisitId(string note)
    {
        var digits = new string(note[IntegrityRows.VisitNote.Length..].TakeWhile(char.IsAsciiDigit).ToArray());
        return long.TryParse(digits, out var id) ? id : null;
    }

    /// <summary>The year's alerts and bunching over the whole town.</summary>
    public static IntegrityReport Run(QinglingDbContext db, int year, IntegritySettings settings) =>
        IntegrityChecks.Run(Cases(db, year), settings, wholeYear: db.HouseholdYears.Any(f => f.Year == year));
}
