using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Demo;

/// <summary>
/// The demo: a Mengyong-like town in 2022 in which exactly 11 脱贫户 with labour, 52 people, are under
/// 10,000 yuan, surrounded by the cases that must not be counted (no labour, weak labour only, ordinary
/// households, exactly 10,000.00), and its 2023 ledger for January to June.
/// </summary>
public static class DemoTown
{
    public const int Seed = 2023;
    public const int BaseYear = 2022;
    public const int Households = 1_200;
    /// <summary>The 11 target households' sizes: 52 people.</summary>
    public static readonly int[] TargetSizes = [6, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4];
    /// <summary>The month up to which 2023 income is recorded.</summary>
    public const int RecordedThroughMonth = 6;

    public static IReadOnlyList<GeneratedHousehold> Build()
    {
        var generator = new TownGenerator(TownProfile.Mengyong, Seed, BaseYear);
        var villages = generator.Villages(Households);
        var list = new List<GeneratedHousehold>(Households);
        var member = 0;
        GeneratedHousehold Add(int i, HouseholdType type, int size, bool? labour, decimal perCapita, MonitoringCategory? monitoring = null)
        {
            var h = generator.Make(i, member, villages[i % villages.Count], i % villages.Count, generator.RandomFor(i), type, size, labour, perCapita, monitoring);
            if (labour == false) h = WithoutAnyLabour(h);
            member += h.Members.Count;
            list.Add(h);
            return h;
        }

        var i = 0;
        // The 11 targets, spread over the villages; the last one a fen under the line.
        for (var t = 0; t < TargetSizes.Length; t++, i++)
        {
            var perCapita = t == TargetSizes.Length - 1 ? 9_999.99m : 7_200m + t * 231.37m;
            Add(i, HouseholdType.ExitedPoverty, TargetSizes[t], labour: true, perCapita);
        }
        // Exactly on the line: not under it.
        Add(i++, HouseholdType.ExitedPoverty, 4, labour: true, 10_000.00m);
        // Under the line but without labour: the plan's other policies cover them, not this list.
        for (var k = 0; k < 3; k++) Add(i++, HouseholdType.ExitedPoverty, 2, labour: false, 6_800m + k * 450m);
        // Weak labour only: a target only where the setting counts 弱劳动力或半劳动力.
        var weak = Add(i++, HouseholdType.ExitedPoverty, 3, labour: false, 8_450m);
        list[^1] = weak with { Members = [weak.Members[0] with { Labour = LabourCapacity.Weak }, .. weak.Members.Skip(1)] };
        // Ordinary households under the line, one of them monitored (边缘易致贫户).
        Add(i++, HouseholdType.Ordinary, 4, labour: true, 8_900m);
        Add(i++, HouseholdType.Ordinary, 3, labour: true, 9_300m, MonitoringCategory.Marginal);

        // Everyone else is above the line (脱贫户 with labour well above it, so the list is exactly the 11).
        for (; i < Households; i++)
        {
            var rng = generator.RandomFor(i + 1_000_000);
            var type = rng.NextDouble() < 0.3 ? HouseholdType.ExitedPoverty : HouseholdType.Ordinary;
            var size = 1 + rng.Next(6);
            var perCapita = Money.Round(10_400m + (decimal)rng.NextDouble() * 14_000m);
            MonitoringCategory? monitoring = rng.NextDouble() < 0.03 ? MonitoringCategory.Unstable : null;
            Add(i, type, size, labour: null, perCapita, monitoring);
        }
        return list;
    }

    static GeneratedHousehold WithoutAnyLabour(GeneratedHousehold h) => h with
    {
        Members = h.Members.Select(m => m.Labour is LabourCapacity.None or LabourCapacity.Lost ? m : m with { Labour = LabourCapacity.Lost, WorkStatus = "非务工", MonthsWorked = 0 }).ToList(),
    };

    /// <summary>
    /// 2023 so far: each 2022 income line grown by the household's own rate and recorded month by month
    /// (January to June), as village screening would enter it. Targets grow faster: they have measures.
    /// </summary>
    public static IEnumerable<(GeneratedHousehold Household, int Month, IncomeCategory Category, string Subcategory, decimal Amount)> Ledger2023(IReadOnlyList<GeneratedHousehold> town)
    {
        for (var i = 0; i < town.Count; i++)
        {
            var h = town[i];
            var rng = new Random(Seed * 31 + i);
            var target = i < TargetSizes.Length;
            var growth = target ? 1.00m + (decimal)rng.NextDouble() * 0.20m : 1.05m + (decimal)rng.NextDouble() * 0.22m;
            foreach (var (category, subcategory, amount) in h.Income)
            {
                var monthly = Money.Round(amount * growth / 12m);
                if (monthly <= 0) continue;
                for (var month = 1; month <= RecordedThroughMonth; month++) yield return (h, month, category, subcategory, monthly);
            }
        }
    }
}
