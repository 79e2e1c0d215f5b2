using Qingling.Core.Income;

namespace Qingling.Core.Integrity;

/// <summary>
/// Households whose five figures are one another's up to a common factor. A copy scaled by hand is rounded to the fen
/// or the yuan, so the shares of the largest figure agree only to within that rounding: households are bucketed on a
/// coarse grid of shares (and on a second grid shifted by half a cell, so two copies split by a cell border still
/// meet), then compared with a tolerance of one yuan on the largest figure.
/// </summary>
/// <remarks>
/// A county's hundreds of thousands of households go through here at once, so the shares sit in one flat array and a
/// bucket is a chain of indices, not an array and a list per household (that was 200 MB of garbage at 250,000).
/// </remarks>
public static class ProportionalCopies
{
    const double Cell = 0.001;
    const int Figures = 5;

    /// <summary>Groups of two or more households (by index into <paramref name="incomes"/>, each group in index order, groups in order of their first member) that are proportional.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Groups(IReadOnlyList<HouseholdIncome> incomes)
    {
        var n = incomes.Count;
        var max = new decimal[n];
        var shares = new double[n * Figures];
        for (var i = 0; i < n; i++)
        {
            var income = incomes[i];
            var m = income.Wage;
            for (var k = 1; k < Figures; k++) if (Figure(income, k) > m) m = Figure(income, k);
            max[i] = m;
            if (m > 0) for (var k = 0; k < Figures; k++) shares[i * Figures + k] = (double)(Figure(income, k) / m);
        }

        var parent = new int[n];
        for (var i = 0; i < n; i++) parent[i] = i;
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        var next = new int[n];
        var members = new List<int>();
        // Each bucket is the last household put in it, and each household points to the one put in before it.
        var last = new Dictionary<CellKey, int>(n);
        foreach (var offset in new[] { 0.0, Cell / 2 })
        {
            last.Clear();
            for (var i = 0; i < n; i++)
            {
                if (max[i] <= 0) continue;
                var key = new CellKey(CellOf(shares[i * Figures], offset), CellOf(shares[i * Figures + 1], offset), CellOf(shares[i * Figures + 2], offset),
                    CellOf(shares[i * Figures + 3], offset), CellOf(shares[i * Figures + 4], offset));
                next[i] = last.TryGetValue(key, out var before) ? before : -1;
                last[key] = i;
            }
            foreach (var head in last.Values)
            {
                if (next[head] < 0) continue;
                members.Clear();
                for (var i = head; i >= 0; i = next[i]) members.Add(i);
                for (var a = 0; a < members.Count; a++)
                    for (var b = a + 1; b < members.Count; b++)
                        if (Close(incomes, shares, max, members[a], members[b])) parent[Find(members[a])] = Find(members[b]);
            }
        }

        var size = new int[n];
        for (var i = 0; i < n; i++) size[Find(i)]++;
        var groups = new List<IReadOnlyList<int>>();
        var byRoot = new Dictionary<int, List<int>>();
        for (var i = 0; i < n; i++)
        {
            var root = Find(i);
            if (size[root] < 2) continue;
            if (!byRoot.TryGetValue(root, out var group))
            {
                byRoot[root] = group = new List<int>(size[root]);
                groups.Add(group);
            }
            group.Add(i);
        }
        return groups;
    }

    /// <summary>The five figures in a fixed order: 工资性, 生产经营性, 财产性, 转移性, 生产经营性支出.</summary>
    static decimal Figure(HouseholdIncome i, int k) => k switch
    {
        0 => i.Wage,
        1 => i.Production,
        2 => i.Property,
        3 => i.Transfer,
        _ => i.ProductionCost,
    };

    /// <summary>A share of exactly zero has a cell of its own: a missing figure is never "about" a small one.</summary>
    const long Zero = long.MinValue;

    static long CellOf(double share, double offset) => share == 0 ? Zero : (long)Math.Floor((share + offset) / Cell);

    /// <summary>A bucket: the cells of a household's five shares.</summary>
    readonly record struct CellKey(long A, long B, long C, long D, long E);

    /// <summary>Proportional within a yuan of rounding on the smaller household's largest figure, and not simply the same figures.</summary>
    static bool Close(IReadOnlyList<HouseholdIncome> incomes, double[] shares, decimal[] max, int a, int b)
    {
        int x = a * Figures, y = b * Figures;
        var same = true;
        for (var k = 0; k < Figures && same; k++) same = Figure(incomes[a], k) == Figure(incomes[b], k);
        if (same) return false;
        var tolerance = 1.0 / (double)Math.Min(max[a], max[b]) * 2;
        for (var k = 0; k < Figures; k++)
        {
            if ((shares[x + k] == 0) != (shares[y + k] == 0)) return false;
            if (Math.Abs(shares[x + k] - shares[y + k]) > tolerance) return false;
        }
        return true;
    }
}
