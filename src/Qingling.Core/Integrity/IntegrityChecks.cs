using Qingling.Core.Income;
using static Qingling.Core.Integrity.Explanations;

namespace Qingling.Core.Integrity;

/// <summary>
/// The alerts of a year, and each village's bunching just above against just below the line. <see cref="WholeYear"/>
/// is false when the year's income is only the months entered so far: levels and jumps are then not judged.
/// </summary>
public sealed record IntegrityReport(IReadOnlyList<IntegrityAlert> Alerts, IReadOnlyList<VillageBunching> Bunching, bool WholeYear = true);

/// <summary>
/// The checks a county inspection team runs for 数字增收 (paper increases): bunching just over the line, copied and
/// round figures, unexplained jumps, and the consistency checks of the national exports. Pure: plain cases in, alerts out.
/// </summary>
public static class IntegrityChecks
{
    static readonly IncomeCategory[] Earned = [IncomeCategory.Wage, IncomeCategory.Production, IncomeCategory.Property, IncomeCategory.Transfer];

    /// <param name="wholeYear">
    /// False while the year holds only the months entered so far: a half year's income is neither "just over" a
    /// yearly line nor a jump against a whole last year, so those checks wait for the annual record.
    /// </param>
    public static IntegrityReport Run(IReadOnlyList<IntegrityCase> cases, IntegritySettings settings, bool wholeYear = true)
    {
        // The kinds are independent passes over the same cases (a county's are hundreds of thousands): they run side by
        // side and are joined in the fixed order below, so the report does not depend on which pass finished first.
        List<IntegrityAlert> overLine = [], jumps = [], copies = [], round = [];
        IReadOnlyList<VillageBunching> bunching = [];
        const int Chunks = 16;
        var perCase = new List<IntegrityAlert>[Chunks];
        Parallel.Invoke(
            () => { if (wholeYear) overLine = JustOverLines(cases, settings); },
            () => { if (wholeYear) jumps = [.. UnexplainedJumps(cases, settings)]; },
            () => copies = [.. CopyPaste(cases, settings)],
            () => round = [.. RoundNumbers(cases, settings)],
            () => { if (wholeYear) bunching = Bunching(cases, settings); },
            () => Parallel.For(0, Chunks, chunk =>
            {
                var found = new List<IntegrityAlert>();
                for (var i = chunk * cases.Count / Chunks; i < (chunk + 1) * cases.Count / Chunks; i++)
                {
                    Consistency(cases[i], found);
                    RecordChecks.Of(cases[i], settings, found);
                }
                perCase[chunk] = found;
            }));
        var alerts = new List<IntegrityAlert>(overLine.Count + jumps.Count + copies.Count + round.Count + perCase.Sum(p => p.Count));
        alerts.AddRange(overLine);
        alerts.AddRange(jumps);
        alerts.AddRange(copies);
        alerts.AddRange(round);
        foreach (var found in perCase) alerts.AddRange(found);
        var order = IntegrityKinds.All.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        alerts.Sort((x, y) =>
        {
            var v = string.CompareOrdinal(x.Village, y.Village);
            if (v != 0) return v;
            var h = string.CompareOrdinal(x.HouseholdCode, y.HouseholdCode);
            return h != 0 ? h : order[x.Kind].CompareTo(order[y.Kind]);
        });
        return new IntegrityReport(alerts, bunching, wholeYear);
    }

    /// <summary>
    /// Just over the line against the village's ordinary pace. Ordinary growth needs peers to be seen: a village of a
    /// handful of households has no median to speak of. The yardstick is the median growth plus the wider of a fixed
    /// margin and three median absolute deviations, so a village whose households grow unevenly is not read as pushing them.
    /// </summary>
    static List<IntegrityAlert> JustOverLines(IReadOnlyList<IntegrityCase> cases, IntegritySettings settings)
    {
        var peers = new Dictionary<string, decimal>();
        foreach (var g in cases.Where(c => c.Previous is not null).GroupBy(c => c.Village).Where(g => g.Count() >= settings.PeersForGrowth))
        {
            var growth = Growths(g, c => Growth(c.Previous!.NetIncome, c.Income.NetIncome));
            var median = Median(growth);
            var spread = Median(growth.Select(x => Math.Abs(x - median)).ToList());
            peers[g.Key] = median + Math.Max(settings.JustOverAbovePeers, 3 * spread);
        }
        var alerts = new List<IntegrityAlert>();
        foreach (var c in cases)
            if (JustOverLine(c, settings, peers.TryGetValue(c.Village, out var ordinary) ? ordinary : null) is { } a) alerts.Add(a);
        return alerts;
    }

    /// <summary>Now just above the line (at most <see cref="IntegritySettings.JustOverShare"/> over), last year below it, and nothing explains the rise.</summary>
    /// <param name="ordinaryGrowth">The fastest growth of net income the village's peers make ordinary: a rise no faster is no paper increase.</param>
    public static IntegrityAlert? JustOverLine(IntegrityCase c, IntegritySettings s, decimal? ordinaryGrowth = null)
    {
        if (c.Income.PerCapitaNetIncome is not { } now || c.Previous?.PerCapitaNetIncome is not { } before) return null;
        var top = s.Line * (1 + s.JustOverShare);
        if (now < s.Line || now > top || before >= s.Line) return null;
        if (ordinaryGrowth is { } ordinary && before > 0 && (now - before) / before < ordinary) return null;
        var increase = c.Income.NetIncome - c.Previous.NetIncome;
        var finding = Of(c, null, Math.Max(increase, 0), s);
        if (finding.Explained) return null;
        return new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.JustOverLine,
            $"人均纯收入由{Yuan(before)}元升至{Yuan(now)}元，刚过收入线{Yuan(s.Line)}元（高出{Yuan(now - s.Line)}元，不超过{Percent(s.JustOverShare)}），家庭纯收入增加{Yuan(increase)}元而无据可查",
            Evidence([.. finding.For], finding.Against));
    }

    static bool InBand(decimal v, decimal low, decimal high) => v >= low && v <= high;

    /// <summary>Per village, households just above the line against just below it; a village far above the town's share bunches.</summary>
    public static IReadOnlyList<VillageBunching> Bunching(IReadOnlyList<IntegrityCase> cases, IntegritySettings s)
    {
        var top = s.Line * (1 + s.JustOverShare);
        var bottom = s.Line * (1 - s.JustOverShare);
        (int Above, int Below) Count(IEnumerable<IntegrityCase> list)
        {
            int above = 0, below = 0;
            foreach (var c in list)
            {
                if (c.Income.PerCapitaNetIncome is not { } pc) continue;
                if (InBand(pc, s.Line, top)) above++;
                else if (pc >= bottom && pc < s.Line) below++;
            }
            return (above, below);
        }
        static decimal? Share(int above, int below) => above + below == 0 ? null : Math.Round((decimal)above / (above + below), 4, MidpointRounding.AwayFromZero);
        var town = Count(cases);
        var townShare = Share(town.Above, town.Below);
        return cases.GroupBy(c => c.Village).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => { var v = Count(g); return new VillageBunching(g.Key, v.Above, v.Below, Share(v.Above, v.Below), townShare); })
            .ToList();
    }

    static decimal[] Vector(HouseholdIncome i) => [i.Wage, i.Production, i.Property, i.Transfer, i.ProductionCost];

    /// <summary>How many of the five figures are not zero (no array: it is asked of every household twice).</summary>
    static int NonZero(HouseholdIncome i) =>
        (i.Wage != 0 ? 1 : 0) + (i.Production != 0 ? 1 : 0) + (i.Property != 0 ? 1 : 0) + (i.Transfer != 0 ? 1 : 0) + (i.ProductionCost != 0 ? 1 : 0);

    static string Figures(HouseholdIncome i) =>
        string.Join("、", IncomeCategories.All.Select(c => $"{IncomeCategories.Name(c)}{Yuan(i.Total(c))}"));

    /// <summary>Households whose five figures are identical, or identical up to a common factor.</summary>
    public static IEnumerable<IntegrityAlert> CopyPaste(IReadOnlyList<IntegrityCase> cases, IntegritySettings s)
    {
        var usable = cases.Where(c => NonZero(c.Income) >= s.CopyMinimumFigures).ToList();
        var flagged = new HashSet<string>();
        foreach (var members in SameFigures(usable))
        {
            foreach (var c in members)
            {
                flagged.Add(c.HouseholdCode);
                var others = members.Where(o => o != c).Select(o => $"{o.HouseholdCode}（{o.Village}）").ToList();
                yield return new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.CopyPaste,
                    $"各项收入与{others.Count}户完全相同：{Figures(c.Income)}",
                    Evidence([$"相同的户：{string.Join("、", others)}"], []));
            }
        }
        // Up to a factor: shares of the largest figure agreeing within rounding (see ProportionalCopies).
        foreach (var group in ProportionalCopies.Groups(usable.Select(c => c.Income).ToList()))
        {
            var members = group.Select(i => usable[i]).ToList();
            foreach (var c in members.Where(c => !flagged.Contains(c.HouseholdCode)))
            {
                var others = members.Where(o => o != c).Select(o => $"{o.HouseholdCode}（{o.Village}，×{(Vector(o.Income).Max() / Vector(c.Income).Max()).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}）").ToList();
                yield return new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.CopyPaste,
                    $"各项收入与{others.Count}户成同一比例：{Figures(c.Income)}",
                    Evidence([$"成比例的户：{string.Join("、", others)}"], []));
            }
        }
    }

    /// <summary>
    /// The households sharing all five figures with another, group by group in order of each group's first household, each in
    /// the given order. Hashed on the figures themselves (equal decimals, whatever their scale): one pass counts, a second
    /// gathers only the groups of two or more, so the hundreds of thousands of single households cost no group of their own.
    /// </summary>
    static List<List<IntegrityCase>> SameFigures(List<IntegrityCase> cases)
    {
        static (decimal, decimal, decimal, decimal, decimal) Key(HouseholdIncome i) => (i.Wage, i.Production, i.Property, i.Transfer, i.ProductionCost);
        var counts = new Dictionary<(decimal, decimal, decimal, decimal, decimal), int>(cases.Count);
        foreach (var c in cases) counts[Key(c.Income)] = counts.GetValueOrDefault(Key(c.Income)) + 1;
        var groups = new List<List<IntegrityCase>>();
        var byKey = new Dictionary<(decimal, decimal, decimal, decimal, decimal), List<IntegrityCase>>();
        foreach (var c in cases)
        {
            var key = Key(c.Income);
            if (counts[key] < 2) continue;
            if (!byKey.TryGetValue(key, out var group))
            {
                byKey[key] = group = [];
                groups.Add(group);
            }
            group.Add(c);
        }
        return groups;
    }

    static bool IsRound(HouseholdIncome i)
    {
        static bool Hundreds(decimal v) => v == 0 || v % 100 == 0;
        return NonZero(i) >= 2 && Hundreds(i.Wage) && Hundreds(i.Production) && Hundreds(i.Property) && Hundreds(i.Transfer) && Hundreds(i.ProductionCost);
    }

    /// <summary>All of a household's non-zero figures are whole hundreds, where most households' figures are not.</summary>
    public static IEnumerable<IntegrityAlert> RoundNumbers(IReadOnlyList<IntegrityCase> cases, IntegritySettings s)
    {
        var judged = cases.Where(c => NonZero(c.Income) >= 2).ToList();
        if (judged.Count == 0) yield break;
        var round = judged.Where(c => IsRound(c.Income)).ToList();
        var share = (decimal)round.Count / judged.Count;
        if (share >= s.RoundShareOfData) yield break;
        foreach (var c in round)
        {
            yield return new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.RoundNumbers,
                $"各项收入均为整百元：{Figures(c.Income)}",
                Evidence([$"全镇仅{Percent(Math.Round(share, 4))}的户（{round.Count}/{judged.Count}）各项收入均为整百元"], []));
        }
    }

    static decimal? Growth(decimal before, decimal now) => before > 0 ? (now - before) / before : null;

    /// <summary>The growths that exist (a base above zero), in a plain loop: <c>OfType</c> boxed every one, a county's millions.</summary>
    static List<decimal> Growths(IEnumerable<IntegrityCase> cases, Func<IntegrityCase, decimal?> growth)
    {
        var list = new List<decimal>();
        foreach (var c in cases)
            if (growth(c) is { } g) list.Add(g);
        return list;
    }

    static decimal Median(List<decimal> values)
    {
        if (values.Count == 0) return 0;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>
    /// Net income, or one category, rising sharply against the household's own last year and far beyond its village
    /// peers' median growth, with nothing in the record to explain it.
    /// </summary>
    public static IEnumerable<IntegrityAlert> UnexplainedJumps(IReadOnlyList<IntegrityCase> cases, IntegritySettings s)
    {
        var medians = new Dictionary<(string Village, IncomeCategory? Category), decimal>();
        foreach (var g in cases.Where(c => c.Previous is not null).GroupBy(c => c.Village))
        {
            medians[(g.Key, null)] = Median(Growths(g, c => Growth(c.Previous!.NetIncome, c.Income.NetIncome)));
            foreach (var cat in Earned)
                medians[(g.Key, cat)] = Median(Growths(g, c => Growth(c.Previous!.Total(cat), c.Income.Total(cat))));
        }
        foreach (var c in cases)
        {
            if (c.Previous is not { } prev) continue;
            // Nothing rose by the minimum: no jump to judge (most households; the judging below allocates, this does not).
            var rose = c.Income.NetIncome - prev.NetIncome >= s.JumpMinimum;
            foreach (var cat in Earned) rose |= c.Income.Total(cat) - prev.Total(cat) >= s.JumpMinimum;
            if (rose && Jump(c, prev, medians, s) is { } alert) yield return alert;
        }
    }

    static IntegrityAlert? Jump(IntegrityCase c, HouseholdIncome prev, Dictionary<(string Village, IncomeCategory? Category), decimal> medians, IntegritySettings s)
    {
        var parts = new List<string>();
        var @for = new List<string>();
        var against = new List<string>();
        void Judge(IncomeCategory? category, string name, decimal before, decimal now, bool fromZeroCounts)
        {
            var increase = now - before;
            if (increase < s.JumpMinimum) return;
            var growth = Growth(before, now);
            var peers = medians[(c.Village, category)];
            var sharp = growth is { } g
                ? g >= (category is null ? s.JumpGrowth : s.CategoryJumpGrowth) && g >= peers + s.JumpAbovePeers
                : fromZeroCounts;
            if (!sharp) return;
            var finding = Of(c, category, increase, s);
            if (finding.Explained)
            {
                return;
            }
            parts.Add(growth is { } gr
                ? $"{name}由{Yuan(before)}元增至{Yuan(now)}元（+{Percent(Math.Round(gr, 4))}，本村同类户中位增幅{Percent(Math.Round(peers, 4))}）"
                : $"{name}由0元增至{Yuan(now)}元");
            @for.AddRange(finding.For);
            against.AddRange(finding.Against);
        }
        Judge(null, "家庭纯收入", prev.NetIncome, c.Income.NetIncome, false);
        foreach (var cat in Earned) Judge(cat, IncomeCategories.Name(cat), prev.Total(cat), c.Income.Total(cat), true);
        if (parts.Count == 0) return null;
        return new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.UnexplainedJump,
            string.Join("；", parts) + "，无据可查",
            Evidence(@for.Distinct(), against.Distinct()));
    }

    static bool IsPublicWelfarePost(MeasureFact m) => (m.Kind + m.Description).Contains("公益") && (m.Kind + m.Description).Contains('岗');

    static bool IsGuarantee(MeasureFact m) =>
        m.Channel == Measures.Channels.Transfers && new[] { "低保", "最低生活保障", "特困", "综合保障" }.Any(k => (m.Kind + m.Description).Contains(k));

    static string List(IEnumerable<MeasureFact> measures) =>
        string.Join("、", measures.Select(m => $"{m.Kind}（{Measures.MeasureStatuses.Name(m.Status)}）"));

    /// <summary>
    /// The consistency checks of the national exports: figures that contradict the household's own record, added to
    /// <paramref name="found"/>. Asked of every household of a county, most of which have no measure: they cost no list of their own.
    /// </summary>
    internal static void Consistency(IntegrityCase c, List<IntegrityAlert> found)
    {
        var i = c.Income;
        var started = Pick(c.Measures, m => m.IsLive && m.HasStarted);
        if (i.Production > 0 && i.ProductionCost == 0)
            found.Add(new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.ProductionNoCost,
                $"生产经营性收入{Yuan(i.Production)}元，生产经营性支出为0",
                Evidence(["种养殖总有种苗、饲料、化肥等支出"], started.Where(m => m.Channel == Measures.Channels.Industry).Select(m => $"产业帮扶：{m.Kind}"))));
        var industry = Pick(started, m => m.Channel == Measures.Channels.Industry);
        if (industry.Count > 0 && i.Production == 0)
            found.Add(new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.IndustryHelpNoProduction,
                $"有产业帮扶措施{industry.Count}项（{List(industry)}），生产经营性收入为0",
                Evidence([$"产业帮扶：{List(industry)}"], [])));
        var employment = Pick(started, m => m.Channel == Measures.Channels.Employment || IsPublicWelfarePost(m));
        if (employment.Count > 0 && i.Wage == 0)
            found.Add(new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.EmploymentHelpNoWage,
                $"有就业帮扶或公益岗位{employment.Count}项（{List(employment)}），工资性收入为0",
                Evidence([$"就业帮扶：{List(employment)}"], [])));
        var guarantee = Pick(started, IsGuarantee);
        if (guarantee.Count > 0 && i.Transfer == 0)
            found.Add(new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.DibaoNoTransfer,
                $"享受低保、特困或综合保障（{List(guarantee)}），转移性收入为0",
                Evidence([$"保障措施：{List(guarantee)}"], [])));
        var labour = 0;
        for (var m = 0; m < c.Members.Count; m++) if (HasLabour(c.Members[m])) labour++;
        if (labour > 0 && i.Transfer > 0 && i.Wage == 0 && i.Production == 0 && i.Property == 0)
        {
            var developmental = c.Measures.Where(m => m.IsLive && m.Channel != Measures.Channels.Transfers).ToList();
            found.Add(new IntegrityAlert(c.HouseholdCode, c.Village, IntegrityKinds.LabourOnlyTransfers,
                $"有劳动力{labour}人，收入仅有转移性收入{Yuan(i.Transfer)}元",
                Evidence([$"劳动力{labour}人而无工资性、生产经营性、财产性收入"],
                    developmental.Count == 0 ? [] : [$"已安排发展类措施：{List(developmental)}"])));
        }
    }

    /// <summary>The measures that pass; none picked from none without a list.</summary>
    static IReadOnlyList<MeasureFact> Pick(IReadOnlyList<MeasureFact> measures, Func<MeasureFact, bool> which) =>
        measures.Count == 0 ? [] : measures.Where(which).ToList();
}
