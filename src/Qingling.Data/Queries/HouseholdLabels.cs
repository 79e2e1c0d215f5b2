using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Data.Database;

namespace Qingling.Data.Queries;

/// <summary>How people recognise a household on a list: its head's name and its 村民小组, beside the 户编号 nobody remembers.</summary>
public sealed record HouseholdLabel(string Head, string? Group)
{
    public static readonly HouseholdLabel Unknown = new("—", null);
    public string GroupShown => string.IsNullOrEmpty(Group) ? "—" : Group;
}

public static class HouseholdLabels
{
    /// <summary>Labels of the given households; asked in chunks so a long list stays within the databases' parameter limits.</summary>
    public static IReadOnlyDictionary<long, HouseholdLabel> Load(QinglingDbContext db, IEnumerable<long> householdIds)
    {
        var result = new Dictionary<long, HouseholdLabel>();
        foreach (var chunk in householdIds.Distinct().Chunk(1000))
        {
            var groups = db.Households.AsNoTracking().Where(h => chunk.Contains(h.Id)).Select(h => new { h.Id, h.GroupName }).ToList();
            // A head who left (died, moved) stays on record; the present head is preferred when there is one, the first
            // recorded among equals (as the target list's SQL picks it).
            var heads = db.Members.AsNoTracking().Where(m => chunk.Contains(m.HouseholdId) && m.RelationToHead == Member.HeadRelation)
                .Select(m => new { m.Id, m.HouseholdId, m.Name, m.LeftOn }).ToList()
                .GroupBy(m => m.HouseholdId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.LeftOn is null ? 0 : 1).ThenBy(m => m.Id).First().Name);
            foreach (var h in groups) result[h.Id] = new HouseholdLabel(heads.GetValueOrDefault(h.Id, "—"), h.GroupName);
        }
        return result;
    }

    /// <summary>Labels keyed by 户编号, for lists that carry the code only.</summary>
    public static IReadOnlyDictionary<string, HouseholdLabel> LoadByCode(QinglingDbContext db, IEnumerable<string> codes)
    {
        var ids = new Dictionary<long, string>();
        foreach (var chunk in codes.Distinct().Chunk(1000))
            foreach (var h in db.Households.AsNoTracking().Where(h => chunk.Contains(h.Code)).Select(h => new { h.Id, h.Code }).ToList()) ids[h.Id] = h.Code;
        return Load(db, ids.Keys).ToDictionary(kv => ids[kv.Key], kv => kv.Value);
    }

    public static HouseholdLabel For(this IReadOnlyDictionary<string, HouseholdLabel> labels, string code) =>
        labels.TryGetValue(code, out var l) ? l : HouseholdLabel.Unknown;

    public static HouseholdLabel For(this IReadOnlyDictionary<long, HouseholdLabel> labels, long householdId) =>
        labels.TryGetValue(householdId, out var l) ? l : HouseholdLabel.Unknown;
}
