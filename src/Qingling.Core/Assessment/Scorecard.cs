namespace Qingling.Core.Assessment;

/// <summary>
/// A fact behind a point: a household, measure, visit, task or alert; <see cref="Counted"/> when it earned the point;
/// <see cref="Household"/> the household it concerns, when one, for the drill-down.
/// </summary>
public sealed record FactRef(string Kind, string Id, string Label, bool Counted, string? Household = null);

/// <summary>What was counted for one item kind of one unit: the numerator, the denominator, and the facts behind both.</summary>
public sealed record ItemFacts(int Numerator, int Denominator, IReadOnlyList<FactRef> Facts)
{
    public static readonly ItemFacts None = new(0, 0, []);
}

/// <summary>The facts of one unit for every item kind, gathered for a period.</summary>
public sealed record UnitFacts(UnitKind Kind, string Unit, IReadOnlyDictionary<string, ItemFacts> ByKind);

/// <summary>One item's points for a unit, with the counts it came from and what would raise it.</summary>
public sealed record ItemScore(string Key, string Name, string Kind, decimal Weight, decimal Points, int Numerator, int Denominator, bool Deduction,
    string Basis, string? Advice, IReadOnlyList<FactRef> Facts);

/// <summary>A unit's scorecard for a period.</summary>
public sealed record UnitScore(UnitKind Kind, string Unit, string Scorecard, decimal Score, int Rank, decimal? Change, IReadOnlyList<ItemScore> Items)
{
    public string KindKey => UnitKinds.Key(Kind);
    public string KindName => UnitKinds.Name(Kind);
}

/// <summary>
/// Scores units from their facts by the plan's rules. Pure: the same facts give the same scores, so a score moves only
/// when a fact behind it moves.
/// </summary>
public static class Scoring
{
    public static IReadOnlyList<UnitScore> Score(AssessmentDefinition rules, IReadOnlyList<UnitFacts> units,
        IReadOnlyDictionary<(UnitKind Kind, string Unit), decimal>? previous = null)
    {
        var scored = new List<UnitScore>();
        foreach (var group in units.GroupBy(u => u.Kind).OrderBy(g => g.Key))
        {
            var card = rules.For(group.Key);
            if (card is null) continue;
            // A unit with nothing due on any item has nothing to be scored on: it is left out, not ranked first on full marks.
            var cards = group.Where(u => card.Items.Any(i => !i.IsDeduction && (u.ByKind.GetValueOrDefault(i.Kind)?.Denominator ?? 0) > 0)).Select(u =>
            {
                var items = card.Items.Select(i => Item(i, u.ByKind.GetValueOrDefault(i.Kind) ?? ItemFacts.None)).ToList();
                var score = Math.Max(0m, items.Sum(i => i.Deduction ? -i.Points : i.Points));
                return (u, card, items, score);
            }).ToList();
            // Competition ranking (1, 2, 2, 4): equal scores share a rank; names order the ties for reading only.
            foreach (var c in cards.OrderByDescending(c => c.score).ThenBy(c => c.u.Unit, StringComparer.Ordinal))
            {
                var rank = 1 + cards.Count(o => o.score > c.score);
                decimal? change = previous is not null && previous.TryGetValue((c.u.Kind, c.u.Unit), out var before) ? c.score - before : null;
                scored.Add(new UnitScore(c.u.Kind, c.u.Unit, c.card.Name, c.score, rank, change, c.items));
            }
        }
        return scored;
    }

    /// <summary>
    /// A ratio item earns its weight × counted ÷ due, to the hundredth. Nothing due means nothing failed: full points, said
    /// so in the basis. A deduction takes its rate per case up to its weight.
    /// </summary>
    public static ItemScore Item(AssessmentItem item, ItemFacts facts)
    {
        if (item.IsDeduction)
        {
            var cases = facts.Numerator;
            var taken = Math.Min(item.Points, (item.PerCase ?? 0m) * cases);
            var basis = cases == 0 ? "无" : $"{cases}条，每条扣{item.PerCase:0.##}分，最多扣{item.Points:0.##}分";
            return new ItemScore(item.Key, item.Name, item.Kind, item.Points, taken, cases, 0, true, basis,
                cases == 0 ? null : $"本年已查实{cases}条数字增收，扣分不因更正而消除：收入据实录入，存疑的诚信预警及时核实", facts.Facts);
        }
        var points = facts.Denominator == 0 ? item.Points
            : Math.Round(item.Points * facts.Numerator / facts.Denominator, 2, MidpointRounding.AwayFromZero);
        var text = facts.Denominator == 0 ? "本期无应考核事项，得满分" : $"{facts.Numerator}/{facts.Denominator}";
        return new ItemScore(item.Key, item.Name, item.Kind, item.Points, points, facts.Numerator, facts.Denominator, false, text,
            Advice(item, facts, item.Points - points), facts.Facts);
    }

    /// <summary>How to raise the item: what is left to do and the points it is worth.</summary>
    static string? Advice(AssessmentItem item, ItemFacts f, decimal gain)
    {
        var left = f.Denominator - f.Numerator;
        if (left <= 0 || gain <= 0) return null;
        var what = item.Kind switch
        {
            ItemKinds.TargetsOverLine => $"还有{left}户预计年底仍低于收入线：落实增收措施，录入实际收入",
            ItemKinds.MeasuresStarted => $"还有{left}项措施已到启动日期仍未实施",
            ItemKinds.MeasuresDoneOnTime => $"还有{left}项措施未在完成期限内完成",
            ItemKinds.MeasuresVerified => $"还有{left}项已完成的措施未以实际收入核实",
            ItemKinds.HouseholdsVisited => $"本期还有{left}户未入户走访",
            ItemKinds.TasksOnTime => $"还有{left}项研判任务未按期办结",
            ItemKinds.HouseholdPlansComplete => $"还有{left}户的一户一策未写明群众意愿或有措施未经本人同意",
            ItemKinds.DataOnTime => $"还有{left}户次排查走访未在排查截止日前录入",
            _ => $"还有{left}项未达到",
        };
        return $"{what}（全部做到可再得{gain:0.##}分）";
    }
}
