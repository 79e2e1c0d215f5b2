using Microsoft.EntityFrameworkCore;
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
        var previousFacts = YearFactsQuery.ForYear(db, year - 1, wanted);
        var current = Totals(db, year, wanted, facts);
        var previous = Totals(db, year - 1, wanted, previousFacts);
        var rows = new List<HouseholdIncomeRow>();
        foreach (var h in households)
        {
            if (!facts.TryGetValue(h.Id, out var f)) continue;
            var income = Build(year, f.Members.Count, current.GetValueOrDefault(h.Id));
            decimal? previousPerCapita = previous.TryGetValue(h.Id, out var p) && previousFacts.TryGetValue(h.Id, out var pf)
                ? Build(year - 1, pf.Members.Count, p).PerCapitaNetIncome : null;
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
    static Dictionary<long, decimal[]> Totals(QinglingDbContext db, int year, HashSet<long>? wanted, Dictionary<long, HouseholdFacts> facts)
    {
        var totals = new Dictionary<long, decimal[]>();
        var entries = db.IncomeEntries.AsNoTracking().Where(e => e.Year == year && e.ExcludedReason == null);
        if (wanted is not null)
        {
            var ids = wanted.ToList();
            entries = entries.Where(e => ids.Contains(e.HouseholdId));
        }
        // Summed in the database by household, category and source (exact: fen on SQLite, numeric on PostgreSQL), not entry by entry.
        var sums = entries.GroupBy(e => new { e.HouseholdId, e.Category, e.Source })
            .Select(g => new { g.Key.HouseholdId, g.Key.Category, g.Key.Source, Amount = g.Sum(x => x.Amount) });
        foreach (var e in sums)
        {
            var annual = facts.TryGetValue(e.HouseholdId, out var f) && f.HasAnnualRecord(year);
            if (!LedgerSources.Counts(e.Source, annual)) continue;
            if (!totals.TryGetValue(e.HouseholdId, out var t)) totals[e.HouseholdId] = t = new decimal[5];
            t[(int)e.Category - 1] += e.Amount;
        }
        return totals;
    }

    /// <summary>The target list for a year under a rule: derived each time, so it follows the ledger.</summary>
    public static IReadOnlyList<TargetHousehold> Targets(QinglingDbContext db, int year, TargetRule rule, string? village = null) =>
        TargetSelector.Select(ForYear(db, year, village).Select(r => r.Household), rule);
}
