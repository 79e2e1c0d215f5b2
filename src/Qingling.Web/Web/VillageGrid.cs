using Qingling.Core.Indicators;

namespace Qingling.Web.Web;

/// <summary>
/// Indicators by village as a table: the villages in the order they first appear, and each indicator's value per village
/// looked up by name once. Searching each indicator's list for each village cost indicators × villages² comparisons per
/// request (13 × 681² at 250,000 households).
/// </summary>
public sealed class VillageGrid
{
    readonly Dictionary<IndicatorResult, Dictionary<string, Breakdown>> _cells = new(ReferenceEqualityComparer.Instance);

    public VillageGrid(IEnumerable<IndicatorResult> results)
    {
        var villages = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            var cells = new Dictionary<string, Breakdown>(StringComparer.Ordinal);
            foreach (var b in r.ByVillage)
            {
                cells.TryAdd(b.Name, b); // the first, as a search would find
                if (seen.Add(b.Name)) villages.Add(b.Name);
            }
            _cells[r] = cells;
        }
        Villages = villages;
    }

    public IReadOnlyList<string> Villages { get; }

    /// <summary>The indicator's value in the village, or null when it has none there.</summary>
    public Breakdown? Cell(IndicatorResult result, string village) =>
        _cells.TryGetValue(result, out var cells) ? cells.GetValueOrDefault(village) : null;
}
