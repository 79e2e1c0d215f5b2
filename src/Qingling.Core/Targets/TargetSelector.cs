using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Targets;

/// <summary>
/// What the target rule needs to know of a household in a year. A value, not an object: the indicators ask the rule of
/// the whole town and of every village, for several indicators (at 250,000 households a tenth of `progress`'s time went
/// to allocating these and counting their labour members through LINQ).
/// </summary>
public readonly record struct HouseholdYear(
    long HouseholdId,
    string HouseholdCode,
    string Village,
    HouseholdType Type,
    MonitoringCategory? Monitoring,
    IReadOnlyList<MemberWork> Members,
    HouseholdIncome Income);

/// <summary>One row of the target list (清零对象).</summary>
public sealed record TargetHousehold(
    long HouseholdId,
    string HouseholdCode,
    string Village,
    int Persons,
    decimal PerCapitaNetIncome,
    decimal Gap,
    int LabourMembers);

/// <summary>Derives the target list from the register and the ledger; nothing is stored, so it is always current.</summary>
public static class TargetSelector
{
    public static IReadOnlyList<TargetHousehold> Select(IEnumerable<HouseholdYear> households, TargetRule rule)
    {
        var list = new List<TargetHousehold>();
        foreach (var h in households)
        {
            if (Evaluate(h, rule) is { } target) list.Add(target);
        }
        Sort(list);
        return list;
    }

    /// <summary>The household's target row, or null when it is not a target.</summary>
    public static TargetHousehold? Evaluate(HouseholdYear h, TargetRule rule) =>
        // The members are the household's of the income's year (its annual record), so all of them count.
        rule.InScope(h.Type, h.Monitoring) ? Evaluate(h.HouseholdId, h.HouseholdCode, h.Village, h.Type, h.Monitoring, LabourMembers(h.Members, rule), h.Income, rule) : null;

    /// <summary>The members the rule counts as labour (a plain loop: it is asked of every household of a county, several times).</summary>
    public static int LabourMembers(IReadOnlyList<MemberWork> members, TargetRule rule)
    {
        var count = 0;
        for (var i = 0; i < members.Count; i++) if (rule.IsLabour(members[i].Labour)) count++;
        return count;
    }

    /// <summary>
    /// The same rule for a household whose labour members were counted where they are kept (the database counts them
    /// by labour capacity, so a town's list needs no member in memory).
    /// </summary>
    public static TargetHousehold? Evaluate(long householdId, string code, string village, HouseholdType type, MonitoringCategory? monitoring,
        int labourMembers, HouseholdIncome income, TargetRule rule)
    {
        if (!rule.InScope(type, monitoring)) return null;
        if (labourMembers == 0) return null;
        if (income.PerCapitaNetIncome is not { } perCapita || !rule.IsUnderLine(perCapita)) return null;
        return new TargetHousehold(householdId, code, village, income.Persons, perCapita, rule.IncomeLine - perCapita, labourMembers);
    }

    /// <summary>Sorts a target list as <see cref="Select"/> does: lowest per-capita income first, then by code.</summary>
    public static void Sort(List<TargetHousehold> list) =>
        list.Sort((a, b) => a.PerCapitaNetIncome != b.PerCapitaNetIncome
            ? a.PerCapitaNetIncome.CompareTo(b.PerCapitaNetIncome)
            : string.CompareOrdinal(a.HouseholdCode, b.HouseholdCode));
}
