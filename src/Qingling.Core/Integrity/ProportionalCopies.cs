using Qingling.Core.Income;

namespace Qingling.Core.Integrity;

/// <summary>
/// Households whose five figures are one another's up to a common factor. A copy scaled by hand is rounded to the fen
/// or the yuan, so the shares of the largest figure agree only to within that rounding: households are bucketed on a
/// coarse grid of shares (and on a second grid shifted by half a cell, so two copies split by a cell border still
/// meet), then compared with a tolerance of one yuan on the largest figure.
/// </summary>
public static class ProportionalCopies
{
    const double Cell = 0.001;

    /// <summary>Groups of two or more cases (by index into <paramref name="vectors"/>) that are proportional.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Groups(IReadOnlyList<decimal[]> vectors)
    {
        var shares = vectors.Select(Shares).ToList();
        var parent = Enumerable.Range(0, vectors.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var offset in new[] { 0.0, Cell / 2 })
        {
            var buckets = new Dictionary<Cells, List<int>>();
            for (var i = 0; i < shares.Count; i++)
            {
                if (shares[i] is not { } s) continue;
                var key = new Cells(s.Select(x => x == 0 ? Zero : (long)Math.Floor((x + offset) / Cell)).ToArray());
                if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
                list.Add(i);
            }
            foreach (var list in buckets.Values.Where(l => l.Count > 1))
                for (var a = 0; a < list.Count; a++)
                    for (var b = a + 1; b < list.Count; b++)
                        if (Close(vectors[list[a]], vectors[list[b]], shares[list[a]]!, shares[list[b]]!)) parent[Find(list[a])] = Find(list[b]);
        }
        return Enumerable.Range(0, vectors.Count).GroupBy(Find).Where(g => g.Count() > 1).Select(g => (IReadOnlyList<int>)g.ToList()).ToList();
    }

    /// <summary>A share of exactly zero has a cell of its own: a missing figure is never "about" a small one.</summary>
    const long Zero = long.MinValue;

    /// <summary>A bucket: the cells of a household's shares, compared and hashed by value.</summary>
    readonly struct Cells(long[] cells) : IEquatable<Cells>
    {
        readonly long[] _cells = cells;
        public bool Equals(Cells other) => _cells.AsSpan().SequenceEqual(other._cells);
        public override bool Equals(object? obj) => obj is Cells c && Equals(c);
        public override int GetHashCode()
        {
            var h = new HashCode();
            foreach (var c in _cells) h.Add(c);
            return h.ToHashCode();
        }
    }

    static double[]? Shares(decimal[] v)
    {
        var max = v.Max();
        return max <= 0 ? null : v.Select(x => (double)(x / max)).ToArray();
    }

    /// <summary>Proportional within a yuan of rounding on the smaller household's largest figure, and not simply the same figures.</summary>
    static bool Close(decimal[] a, decimal[] b, double[] sa, double[] sb)
    {
        if (a.SequenceEqual(b)) return false;
        var tolerance = 1.0 / (double)Math.Min(a.Max(), b.Max()) * 2;
        for (var i = 0; i < sa.Length; i++)
        {
            if ((sa[i] == 0) != (sb[i] == 0)) return false;
            if (Math.Abs(sa[i] - sb[i]) > tolerance) return false;
        }
        return true;
    }
}
