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
/// Sums are made here in memory, exactly in decimal, so both databases give the same figures.
/// </summary>
public static class IncomeQuery
{
    /// <summary>Households that have members or ledger entries in <paramref name="year"/>, sorted by village and code.</summary>
    public static IReadOnlyList<HouseholdIncomeRow> ForYear(QinglingDbContext db, int year, string? village = null)
    {
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToDictionary(r => r.Id, r => r.Name);
        var householdQuery = db.Households.AsNoTracking();
        if (village is not null)
        {
            var ids = villages.Where(v => v.Value == village).Select(v => v.Key).ToList();
            householdQuery = householdQuery.Where(h => ids.Contains(h.VillageId));
        }
        var households = householdQuery.Select(h => new { h.Id, h.Code, h.VillageId, h.Type, h.Monitoring }).ToList();
        var wanted = village is null ? null : households.Select(h => h.Id).ToHashSet();

        var members = new Dictionary<long, List<Member>>();
        foreach (var m in db.Members.AsNoTracking().Select(m => new { m.HouseholdId, m.Labour, m.JoinedOn, m.LeftOn, m.RelationToHead }))
        {
            if (wanted is not null && !wanted.Contains(m.HouseholdId)) continue;
            if (!members.TryGetValue(m.HouseholdId, out var list)) members[m.HouseholdId] = list = [];
            list.Add(new Member { HouseholdId = m.HouseholdId, Labour = m.Labour, JoinedOn = m.JoinedOn, LeftOn = m.LeftOn, RelationToHead = m.RelationToHead });
        }

        var current = Totals(db, year, wanted);
        var previous = Totals(db, year - 1, wanted);
        var rows = new List<HouseholdIncomeRow>();
        foreach (var h in households)
        {
            var list = members.GetValueOrDefault(h.Id) ?? [];
            var persons = list.Count(m => m.CountsIn(year));
            if (persons == 0 && !current.ContainsKey(h.Id)) continue;
            var income = Build(year, persons, current.GetValueOrDefault(h.Id));
            decimal? previousPerCapita = previous.TryGetValue(h.Id, out var p) ? Build(year - 1, list.Count(m => m.CountsIn(year - 1)), p).PerCapitaNetIncome : null;
            rows.Add(new HouseholdIncomeRow(
                new HouseholdYear(h.Id, h.Code, villages.GetValueOrDefault(h.VillageId, ""), h.Type, h.Monitoring, list, income), previousPerCapita));
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

    /// <summary>Per household, the five category totals of a year, indexed by category − 1.</summary>
    static Dictionary<long, decimal[]> Totals(QinglingDbContext db, int year, HashSet<long>? wanted)
    {
        var totals = new Dictionary<long, decimal[]>();
        foreach (var e in db.IncomeEntries.AsNoTracking().Where(e => e.Year == year && e.ExcludedReason == null).Select(e => new { e.HouseholdId, e.Category, e.Amount }))
        {
            if (wanted is not null && !wanted.Contains(e.HouseholdId)) continue;
            if (!totals.TryGetValue(e.HouseholdId, out var t)) totals[e.HouseholdId] = t = new decimal[5];
            t[(int)e.Category - 1] += e.Amount;
        }
        return totals;
    }

    /// <summary>The target list for a year under a rule: derived each time, so it follows the ledger.</summary>
    public static IReadOnlyList<TargetHousehold> Targets(QinglingDbContext db, int year, TargetRule rule, string? village = null) =>
        TargetSelector.Select(ForYear(db, year, village).Select(r => r.Household), rule);
}
