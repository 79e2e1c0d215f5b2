using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Integrity;

namespace Qingling.Core.Demo;

/// <summary>A planted manipulation: the household and the alert kind it should raise.</summary>
public sealed record PlantedAnomaly(string HouseholdCode, string Kind);

/// <summary>
/// The next year of a generated town with paper increases planted among clean households, for measuring the integrity
/// checks. Clean households grow at an ordinary pace; some change for real (a member starts migrant work, works more
/// months, or a working member joins), which must raise no alert. The planted ones are written the way a cadre
/// would fake them: lifted just over the line, copied from another household (or scaled), rounded to hundreds, a
/// category blown up with nothing behind it, production without cost, a labour household living on transfers only,
/// and stated totals that do not add up. Kinds that need measures or ledger timing are not in an export and are not planted.
/// </summary>
public sealed class AnomalyPlanter(int seed, decimal line = 10_000m)
{
    /// <summary>The kinds an export can carry.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        IntegrityKinds.JustOverLine, IntegrityKinds.CopyPaste, IntegrityKinds.RoundNumbers, IntegrityKinds.UnexplainedJump,
        IntegrityKinds.ProductionNoCost, IntegrityKinds.LabourOnlyTransfers, IntegrityKinds.StatedTotals,
    ];

    /// <summary>Share of households given each planted kind, and a real large change.</summary>
    public double AnomalyShare { get; init; } = 0.012;
    public double LegitimateShare { get; init; } = 0.08;

    /// <summary>The year after <paramref name="town"/>'s, with the list of what was planted.</summary>
    public (IReadOnlyList<GeneratedHousehold> NextYear, IReadOnlyList<PlantedAnomaly> Planted) Plant(IReadOnlyList<GeneratedHousehold> town)
    {
        var next = new List<GeneratedHousehold>(town.Count);
        var planted = new List<PlantedAnomaly>();
        var nextMember = town.Sum(h => h.Members.Count);
        // Clean households a copy may be taken from: the copied one is planted too, its figures now shared.
        var pool = new List<GeneratedHousehold>();
        for (var i = 0; i < town.Count; i++)
        {
            var before = town[i];
            var rng = new Random(unchecked(seed * 7919 + i * 104729));
            var h = Grow(before, rng);
            var roll = rng.NextDouble();
            var kindIndex = (int)(roll / AnomalyShare);
            // Few households sit in the band a just-over lift starts from: those that do get it more often.
            if (JustOverCandidate(before) && rng.NextDouble() < 0.15) kindIndex = Kinds.Select((k, n) => (k, n)).First(x => x.k == IntegrityKinds.JustOverLine).n;
            var above = before.PerCapita >= line * 1.1m;
            if (kindIndex < Kinds.Count)
            {
                var kind = Kinds[kindIndex];
                GeneratedHousehold? changed = kind switch
                {
                    IntegrityKinds.JustOverLine => JustOver(before, h, rng),
                    IntegrityKinds.RoundNumbers when above => h with { Income = Lines(h.Income.Select(l => (l.Category, l.Subcategory, Math.Max(100m, Math.Round(l.Amount / 100m, MidpointRounding.AwayFromZero) * 100m)))) },
                    IntegrityKinds.UnexplainedJump when above => Jump(h, rng),
                    IntegrityKinds.ProductionNoCost when above && h.Total(IncomeCategory.Production) > 0 => h with { Income = h.Income.Where(l => l.Category != IncomeCategory.ProductionCost).ToList() },
                    IntegrityKinds.LabourOnlyTransfers when above && h.Members.Any(m => m.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled) => OnlyTransfers(h, rng),
                    IntegrityKinds.StatedTotals when above => Stated(h, rng),
                    _ => null,
                };
                if (kind == IntegrityKinds.CopyPaste && above)
                {
                    var mix = Mix(h);
                    var source = pool.FindIndex(p => Mix(p).Zip(mix, (x, y) => Math.Abs(x - y)).Sum() < 0.08m);
                    if (source >= 0)
                    {
                        var from = pool[source];
                        var factor = rng.NextDouble() < 0.5 && Within(h.NetIncome, from.NetIncome, 0.8m) ? 1m
                            : Math.Round(h.NetIncome / from.NetIncome, 2);
                        if (factor > 0)
                        {
                            changed = h with { Income = Lines(from.Income.Select(l => (l.Category, l.Subcategory, Money.Round(l.Amount * factor)))) };
                            planted.Add(new PlantedAnomaly(from.Code, kind));
                            pool.RemoveAt(source);
                        }
                    }
                    else
                    {
                        pool.Add(h);
                        if (pool.Count > 200) pool.RemoveAt(0);
                    }
                }
                if (changed is not null)
                {
                    h = changed;
                    planted.Add(new PlantedAnomaly(h.Code, kind));
                }
            }
            else if (roll < Kinds.Count * AnomalyShare + LegitimateShare)
            {
                h = RealChange(h, rng, ref nextMember);
            }
            next.Add(h);
        }
        return (next, planted.DistinctBy(p => (p.HouseholdCode, p.Kind)).OrderBy(p => p.HouseholdCode, StringComparer.Ordinal).ThenBy(p => p.Kind, StringComparer.Ordinal).ToList());
    }

    /// <summary>Well below the line, so the lift is more than a year's ordinary growth, yet not so far that it would be a jump as well.</summary>
    bool JustOverCandidate(GeneratedHousehold before) => before.PerCapita >= line * 0.72m && before.PerCapita <= line * 0.82m;

    /// <summary>Shares of the four income categories: copies are made from a household living the same way, or the copy would be a jump as well.</summary>
    static decimal[] Mix(GeneratedHousehold h)
    {
        var gross = h.Income.Where(l => l.Category != IncomeCategory.ProductionCost).Sum(l => l.Amount);
        return [.. new[] { IncomeCategory.Wage, IncomeCategory.Production, IncomeCategory.Property, IncomeCategory.Transfer }.Select(c => gross == 0 ? 0 : h.Total(c) / gross)];
    }

    static bool Within(decimal a, decimal b, decimal low) => b > 0 && a / b >= low && a / b <= 1 / low;

    static List<(IncomeCategory, string, decimal)> Lines(IEnumerable<(IncomeCategory Category, string Subcategory, decimal Amount)> lines) =>
        lines.Where(l => l.Amount > 0).Select(l => (l.Category, l.Subcategory, l.Amount)).ToList();

    static decimal Uniform(Random rng, double low, double high) => (decimal)(low + rng.NextDouble() * (high - low));

    /// <summary>An ordinary year: the household's own pace, each line a little off it.</summary>
    static GeneratedHousehold Grow(GeneratedHousehold h, Random rng)
    {
        var pace = Uniform(rng, 1.02, 1.15);
        return h with
        {
            Year = h.Year + 1,
            Income = Lines(h.Income.Select(l => (l.Category, l.Subcategory, Money.Round(l.Amount * pace * Uniform(rng, 0.97, 1.03))))),
        };
    }

    /// <summary>Lifted from well below the line to just above it, every income line raised alike, nothing changed in the household.</summary>
    GeneratedHousehold? JustOver(GeneratedHousehold before, GeneratedHousehold h, Random rng)
    {
        if (!JustOverCandidate(before)) return null;
        var target = Money.Round(line * Uniform(rng, 1.002, 1.045)) * h.Members.Count;
        var cost = h.Total(IncomeCategory.ProductionCost);
        var gross = h.Income.Where(l => l.Category != IncomeCategory.ProductionCost).Sum(l => l.Amount);
        if (gross <= 0) return null;
        var factor = (target + cost) / gross;
        var lines = Lines(h.Income.Select(l => (l.Category, l.Subcategory, l.Category == IncomeCategory.ProductionCost ? l.Amount : Money.Round(l.Amount * factor))));
        // Rounding leaves a few fen: put them on the first income line so the figure is what was aimed at.
        var result = h with { Income = lines };
        var gap = target - result.NetIncome;
        var first = lines.FindIndex(l => l.Item1 != IncomeCategory.ProductionCost);
        lines[first] = (lines[first].Item1, lines[first].Item2, lines[first].Item3 + gap);
        return h with { Income = lines };
    }

    /// <summary>One category blown up (wages, production, property) or the whole income, with no change in the household.</summary>
    static GeneratedHousehold Jump(GeneratedHousehold h, Random rng)
    {
        var how = rng.Next(4);
        var category = how switch { 0 => IncomeCategory.Wage, 1 => IncomeCategory.Production, 2 => IncomeCategory.Property, _ => (IncomeCategory?)null };
        if (category is { } c && h.Total(c) == 0) category = null;
        List<(IncomeCategory, string, decimal)> lines;
        if (category == IncomeCategory.Property)
        {
            var extra = Money.Round(Uniform(rng, 4_000, 9_000));
            lines = Lines(h.Income.Select(l => (l.Category, l.Subcategory, l.Category == IncomeCategory.Property && l.Subcategory == "土地流转收入" ? l.Amount + extra : l.Amount)));
            if (!h.Income.Any(l => l.Subcategory == "土地流转收入")) lines.Add((IncomeCategory.Property, "土地流转收入", extra));
        }
        else
        {
            var factor = category is null ? Uniform(rng, 1.7, 2.3) : Uniform(rng, 2.3, 3.2);
            lines = Lines(h.Income.Select(l => (l.Category, l.Subcategory, l.Category != IncomeCategory.ProductionCost && (category is null || l.Category == category) ? Money.Round(l.Amount * factor) : l.Amount)));
        }
        var result = h with { Income = lines };
        // Small households' small figures: the rise must be worth faking.
        var rise = result.NetIncome - h.NetIncome;
        if (rise < 4_000m)
        {
            var i = lines.FindIndex(l => l.Item1 == (category ?? IncomeCategory.Wage));
            if (i < 0) i = lines.FindIndex(l => l.Item1 != IncomeCategory.ProductionCost);
            lines[i] = (lines[i].Item1, lines[i].Item2, lines[i].Item3 + 4_000m - rise);
        }
        return h with { Income = lines };
    }

    static GeneratedHousehold OnlyTransfers(GeneratedHousehold h, Random rng)
    {
        var lines = Lines(h.Income.Where(l => l.Category == IncomeCategory.Transfer));
        if (lines.Count == 0) lines.Add((IncomeCategory.Transfer, "养老金或离退休金", Money.Round(Uniform(rng, 1_500, 4_000))));
        return h with { Income = lines };
    }

    static GeneratedHousehold Stated(GeneratedHousehold h, Random rng)
    {
        var off = Money.Round(Uniform(rng, 300, 3_000)) * (rng.NextDouble() < 0.7 ? 1 : -1);
        var net = h.NetIncome + off;
        // A clerk who writes the total by hand writes the per-capita figure from it; sometimes only the per-capita one.
        return rng.NextDouble() < 0.7
            ? h with { StatedNet = net, StatedPerCapita = Money.Round(net / h.Members.Count) }
            : h with { StatedPerCapita = Money.Round(net / h.Members.Count) };
    }

    /// <summary>A real large change: a member starts migrant work, a working member works more months, or a working member joins.</summary>
    static GeneratedHousehold RealChange(GeneratedHousehold h, Random rng, ref int nextMember)
    {
        var members = h.Members.ToList();
        var how = rng.Next(3);
        var idle = members.FindIndex(m => m.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled && m.MonthsWorked == 0);
        var partTime = members.FindIndex(m => m.MonthsWorked is > 0 and <= 8);
        decimal wage;
        if (how == 0 && idle >= 0)
        {
            var months = rng.Next(8, 13);
            members[idle] = members[idle] with { WorkStatus = "省外务工", MonthsWorked = months };
            wage = months * Money.Round(Uniform(rng, 2_800, 4_200));
        }
        else if (how == 1 && partTime >= 0)
        {
            var added = Math.Min(12 - members[partTime].MonthsWorked, rng.Next(3, 7));
            members[partTime] = members[partTime] with { MonthsWorked = members[partTime].MonthsWorked + added };
            wage = added * Money.Round(Uniform(rng, 2_800, 4_200));
        }
        else
        {
            var index = nextMember++;
            var birth = new DateOnly(h.Year - rng.Next(22, 31), 1, 1).AddDays(rng.Next(365));
            var id = IdNumber.Create($"99{index / 500 % 10_000:0000}", birth, index % 500 * 2);
            var months = rng.Next(8, 13);
            members.Add(new GeneratedMember($"{members[0].Name[0]}新{"芳丽娜香"[rng.Next(4)]}", id, "儿媳", Sex.Female, birth, members[0].Ethnicity,
                "初中", "非在校生", "健康", "", LabourCapacity.Ordinary, "省内县外务工", months));
            wage = months * Money.Round(Uniform(rng, 2_800, 4_200));
        }
        var lines = h.Income.ToList();
        var w = lines.FindIndex(l => l.Category == IncomeCategory.Wage && l.Subcategory == "务工收入");
        if (w >= 0) lines[w] = (lines[w].Category, lines[w].Subcategory, lines[w].Amount + wage);
        else lines.Add((IncomeCategory.Wage, "务工收入", wage));
        return h with { Members = members, Income = lines };
    }
}
