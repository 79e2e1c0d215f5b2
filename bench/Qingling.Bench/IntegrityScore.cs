using System.Text.Json;

/// <summary>
/// Recall and precision of the integrity checks against a planted truth, household by household: per kind a
/// (household, kind) pair counts once however many alerts name it; overall, a household counts when any alert names it.
/// </summary>
static class IntegrityScore
{
    public static int Run(string truthPath, string alertsPath)
    {
        var truth = File.ReadLines(truthPath).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(p => (Household: p[0], Kind: p[1])).ToHashSet();
        using var json = JsonDocument.Parse(File.ReadAllText(alertsPath));
        var found = json.RootElement.EnumerateArray()
            .Select(a => (Household: a.GetProperty("householdCode").GetString()!, Kind: a.GetProperty("kind").GetString()!)).ToHashSet();
        var plantedKinds = truth.Select(t => t.Kind).ToHashSet();
        Console.WriteLine("| kind | planted | alerts | found | recall | precision |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var kind in truth.Select(t => t.Kind).Concat(found.Select(f => f.Kind)).Distinct().Order(StringComparer.Ordinal))
        {
            var t = truth.Where(x => x.Kind == kind).ToHashSet();
            var f = found.Where(x => x.Kind == kind).ToHashSet();
            // Kinds the generator cannot plant (measures, ledger timing) have no truth: their alerts are listed, not scored.
            Line(kind + (plantedKinds.Contains(kind) ? "" : " (not planted)"), t.Count, f.Count, t.Intersect(f).Count());
        }
        var th = truth.Select(x => x.Household).ToHashSet();
        var fh = found.Where(x => plantedKinds.Contains(x.Kind)).Select(x => x.Household).ToHashSet();
        Line("**households (planted kinds)**", th.Count, fh.Count, th.Intersect(fh).Count());
        var all = found.Select(x => x.Household).ToHashSet();
        Line("**households (all alerts)**", th.Count, all.Count, th.Intersect(all).Count());
        return 0;
    }

    static void Line(string kind, int planted, int alerts, int hit) =>
        Console.WriteLine($"| {kind} | {planted} | {alerts} | {hit} | {Percent(hit, planted)} | {Percent(hit, alerts)} |");

    static string Percent(int part, int whole) => whole == 0 ? "—" : $"{100.0 * part / whole:0.0}%";
}
