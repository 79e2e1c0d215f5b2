using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Data.Database;

namespace Qingling.Data.Queries;

/// <summary>One household's income for a year, with last year's per-capita figure for growth.</summary>
public sealed record HouseholdIncomeRow(HouseholdYear Household, decimal? PreviousPerCapita)
{
    public decimal? Growth => Qingling.Core.Income.Growth.Rate(PreviousPerCapita, Household.Income.PerCapitaNetIncome);
}

/// <summary>
/// Reads the register and the ledger for a year and derives per-household income with the Core rules.
/// Sums are exact on both databases (SQLite keeps fen as integers, PostgreSQL numeric), so both give the same figures.
/// </summary>
public static class IncomeQuery
{
    /// <summary>
    /// Households with facts for <paramref name="year"/> (its own annual record, or the latest earlier one while the
    /// year is open), sorted by village and code. Members, type and income are that year's only.
    /// </summary>
    public static IReadOnlyList<HouseholdIncomeRow> ForYear(QinglingDbContext db, int year, string? village = null)
    {
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToDictionary(r => r.Id, r => r.Name);
        var householdQuery = db.Households.AsNoTracking();
        if (village is not null)
        {
            var ids = villages.Where(v => v.Value == village).Select(v => v.Key).ToList();
            householdQuery = householdQuery.Where(h => ids.Contains(h.VillageId));
        }
        var households = householdQuery.Select(h => new { h.Id, h.Code, h.VillageId }).ToList();
        var wanted = village is null ? null : households.Select(h => h.Id).ToHashSet();

        var facts = YearFactsQuery.ForYear(db, year, wanted);
        // Last year's figure needs only its population and whether its own record is in: counted in the database.
        var previousFacts = YearFactsQuery.PersonsForYear(db, year - 1, wanted);
        var current = Totals(db, year, wanted, f => facts.TryGetValue(f, out var x) && x.HasAnnualRecord(year));
        var previous = Totals(db, year - 1, wanted, f => previousFacts.TryGetValue(f, out var x) && x.FactsYear == year - 1);
        var rows = new List<HouseholdIncomeRow>();
        foreach (var h in households)
        {
            if (!facts.TryGetValue(h.Id, out var f)) continue;
            var income = Build(year, f.Members.Count, current.GetValueOrDefault(h.Id));
            decimal? previousPerCapita = previous.TryGetValue(h.Id, out var p) && previousFacts.TryGetValue(h.Id, out var pf)
                ? Build(year - 1, pf.Persons, p).PerCapitaNetIncome : null;
            rows.Add(new HouseholdIncomeRow(
                new HouseholdYear(h.Id, h.Code, villages.GetValueOrDefault(h.VillageId, ""), f.Type, f.Monitoring, f.Members, income), previousPerCapita));
        }
        rows.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Household.Village, b.Household.Village);
            return c != 0 ? c : string.CompareOrdinal(a.Household.HouseholdCode, b.Household.HouseholdCode);
        });
        return rows;
    }

    static HouseholdIncome Build(int year, int persons, decimal[]? t) =>
        t is null ? new HouseholdIncome(year, persons, 0, 0, 0, 0, 0) : new HouseholdIncome(year, persons, t[0], t[1], t[2], t[3], t[4]);

    /// <summary>
    /// Per household, the five category totals of a year, indexed by category − 1, by the one rule for sources:
    /// where the year's annual record exists only its entries count (<see cref="LedgerSources"/>).
    /// </summary>
    static Dictionary<long, decimal[]> Totals(QinglingDbContext db, int year, HashSet<long>? wanted, Func<long, bool> hasAnnualRecord) =>
        Counted(SourceSums(db, year, wanted), hasAnnualRecord);

    /// <summary>The totals that count, from <see cref="SourceSums"/>: the rule sets imported lines apart from every other source.</summary>
    static Dictionary<long, decimal[]> Counted(Dictionary<long, decimal[]> sums, Func<long, bool> hasAnnualRecord)
    {
        var totals = new Dictionary<long, decimal[]>(sums.Count);
        foreach (var (household, s) in sums)
        {
            var others = LedgerSources.Counts(IncomeSource.Manual, hasAnnualRecord(household));
            var t = new decimal[5];
            for (var c = 0; c < 5; c++) t[c] = s[c] + (others ? s[5 + c] : 0);
            totals[household] = t;
        }
        return totals;
    }

    /// <summary>
    /// Per household, a year's counted-in ledger summed in the database by category, imported lines (0–4) apart from
    /// all others (5–9). For the whole town it is one row per household read straight (<see cref="BulkRows"/>):
    /// grouping by household, category and source through EF was a million rows at county scale and most of the
    /// command's time; for a village's households the EF query.
    /// </summary>
    static Dictionary<long, decimal[]> SourceSums(QinglingDbContext db, int year, HashSet<long>? wanted)
    {
        var sums = new Dictionary<long, decimal[]>();
        if (wanted is null)
        {
            var imported = ((int)IncomeSource.Import).ToString(CultureInfo.InvariantCulture);
            var columns = string.Join(", ", new[] { $"source = {imported}", $"source <> {imported}" }.SelectMany(source => Enumerable.Range(1, 5)
                .Select(category => $"SUM(amount) FILTER (WHERE {source} AND category = {category})")));
            var sql = $"SELECT household_id, {columns} FROM income_entries WHERE year = {year.ToString(CultureInfo.InvariantCulture)} AND excluded_reason IS NULL GROUP BY household_id";
            return BulkRows.OnContext(db, (connection, transaction) =>
            {
                using var rows = BulkRows.Open(connection, transaction, sql);
                while (rows.Read())
                {
                    // In column order: PostgreSQL reads the row sequentially.
                    var household = rows.Int64(0);
                    var s = new decimal[10];
                    // A pair without lines is null (a filtered sum skips the row instead of adding a zero: 2.9 s against 3.6 s on
                    // PostgreSQL, 2.3 s against 2.7 s on SQLite, for 272,700 households).
                    for (var i = 0; i < 10; i++) s[i] = rows.IsNull(i + 1) ? 0m : rows.Money(i + 1);
                    sums[household] = s;
                }
                return sums;
            });
        }
        var ids = wanted.ToList();
        foreach (var e in db.IncomeEntries.AsNoTracking().Where(e => e.Year == year && e.ExcludedReason == null && ids.Contains(e.HouseholdId))
                     .GroupBy(e => new { e.HouseholdId, e.Category, e.Source })
                     .Select(g => new { g.Key.HouseholdId, g.Key.Category, g.Key.Source, Amount = g.Sum(x => x.Amount) }))
        {
            if (!sums.TryGetValue(e.HouseholdId, out var s)) sums[e.HouseholdId] = s = new decimal[10];
            s[(e.Source == IncomeSource.Import ? 0 : 5) + (int)e.Category - 1] += e.Amount;
        }
        return sums;
    }

    /// <summary>
    /// The target list for a year under a rule: derived each time, so it follows the ledger. Picked in the database
    /// (<see cref="TargetQuery"/>), so only the targets are read, each checked and computed by the Core rule.
    /// </summary>
    public static IReadOnlyList<TargetHousehold> Targets(QinglingDbContext db, int year, TargetRule rule, string? village = null) =>
        TargetQuery.Stream(db, year, rule, village, details: false).Select(r => r.Target).ToList();

    /// <summary>
    /// The figures of <see cref="ForYear"/> without the members: each household's population and labour members are
    /// counted in the database (by labour capacity), so a town of a million members is read as a few rows per household.
    /// Same households, same order, same income.
    /// </summary>
    public static IReadOnlyList<HouseholdIncomeSummary> Summaries(QinglingDbContext db, int year, string? village = null)
    {
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToDictionary(r => r.Id, r => r.Name);
        var householdQuery = db.Households.AsNoTracking();
        if (village is not null)
        {
            var ids = villages.Where(v => v.Value == village).Select(v => v.Key).ToList();
            householdQuery = householdQuery.Where(h => ids.Contains(h.VillageId));
        }
        var households = householdQuery.Select(h => new { h.Id, h.Code, h.VillageId }).ToList();
        var wanted = village is null ? null : households.Select(h => h.Id).ToHashSet();

        // This year's facts and ledger, and last year's, are independent aggregates over the whole register and ledger.
        Dictionary<long, (int FactsYear, HouseholdType Type, MonitoringCategory? Monitoring, int[] Labour)> facts = [];
        Dictionary<long, (int FactsYear, int Persons)> previousFacts = [];
        Dictionary<long, decimal[]> currentSums = [], previousSums = [];
        SideBySide.Run(db,
            c =>
            {
                facts = LabourForYear(c, year, wanted);
                previousSums = SourceSums(c, year - 1, wanted);
            },
            c =>
            {
                currentSums = SourceSums(c, year, wanted);
                previousFacts = YearFactsQuery.PersonsForYear(c, year - 1, wanted);
            });
        var current = Counted(currentSums, f => facts.TryGetValue(f, out var x) && x.FactsYear == year);
        var previous = Counted(previousSums, f => previousFacts.TryGetValue(f, out var x) && x.FactsYear == year - 1);
        var rows = new List<HouseholdIncomeSummary>(facts.Count);
        foreach (var h in households)
        {
            if (!facts.TryGetValue(h.Id, out var f)) continue;
            var income = Build(year, f.Labour.Sum(), current.GetValueOrDefault(h.Id));
            decimal? previousPerCapita = previous.TryGetValue(h.Id, out var p) && previousFacts.TryGetValue(h.Id, out var pf)
                ? Build(year - 1, pf.Persons, p).PerCapitaNetIncome : null;
            rows.Add(new HouseholdIncomeSummary(h.Id, h.Code, villages.GetValueOrDefault(h.VillageId, ""), f.Type, f.Monitoring, f.Labour, income, previousPerCapita));
        }
        rows.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Village, b.Village);
            return c != 0 ? c : string.CompareOrdinal(a.HouseholdCode, b.HouseholdCode);
        });
        return rows;
    }

    /// <summary>
    /// Per household, the facts year describing <paramref name="year"/> (as <see cref="YearFactsQuery.ForYear"/> picks it), its
    /// type and monitoring category, and how many of its members have each labour capacity (indexed by the enum's value).
    /// </summary>
    static Dictionary<long, (int FactsYear, HouseholdType Type, MonitoringCategory? Monitoring, int[] Labour)> LabourForYear(QinglingDbContext db, int year, HashSet<long>? wanted)
    {
        // Read straight, counted in the database: through EF's grouping this took 4.4 s on PostgreSQL for a million members,
        // the same SQL by hand 1.4 s.
        var latest = YearFactsQuery.Latest(year, wanted);
        var result = new Dictionary<long, (int FactsYear, HouseholdType Type, MonitoringCategory? Monitoring, int[] Labour)>();
        BulkRows.OnContext(db, (connection, transaction) =>
        {
            using (var rows = BulkRows.Open(connection, transaction, latest +
                "SELECT f.household_id, f.year, f.type, f.monitoring FROM household_years f JOIN latest l ON l.household_id = f.household_id AND l.year = f.year"))
                while (rows.Read())
                    result[rows.Int64(0)] = (rows.Int32(1), (HouseholdType)rows.Int32(2), rows.IsNull(3) ? null : (MonitoringCategory)rows.Int32(3), new int[LabourSlots]);
            using (var rows = BulkRows.Open(connection, transaction, latest +
                "SELECT m.household_id, m.labour, COUNT(*) FROM member_years m JOIN latest l ON l.household_id = m.household_id AND l.year = m.year GROUP BY m.household_id, m.labour"))
                while (rows.Read())
                    if (result.TryGetValue(rows.Int64(0), out var f)) f.Labour[rows.Int32(1)] += (int)rows.Int64(2);
        });
        return result;
    }

    /// <summary>One slot per labour capacity, indexed by its value.</summary>
    internal static readonly int LabourSlots = Enum.GetValues<LabourCapacity>().Max(c => (int)c) + 1;
}

/// <summary>One household's income for a year, with its population counted by labour capacity instead of its members.</summary>
public sealed record HouseholdIncomeSummary(long HouseholdId, string HouseholdCode, string Village, HouseholdType Type, MonitoringCategory? Monitoring,
    IReadOnlyList<int> LabourCounts, HouseholdIncome Income, decimal? PreviousPerCapita)
{
    public decimal? Growth => Qingling.Core.Income.Growth.Rate(PreviousPerCapita, Income.PerCapitaNetIncome);

    /// <summary>Members who count as labour under <paramref name="rule"/>: the rule asked for each capacity, as it is for each member.</summary>
    public int LabourMembers(TargetRule rule)
    {
        var n = 0;
        for (var c = 0; c < LabourCounts.Count; c++)
            if (LabourCounts[c] > 0 && rule.IsLabour((LabourCapacity)c)) n += LabourCounts[c];
        return n;
    }
}
