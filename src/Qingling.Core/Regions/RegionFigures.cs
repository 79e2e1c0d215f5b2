using Qingling.Core.Measures;

namespace Qingling.Core.Regions;

/// <summary>What a region's leaders read about it in a year: targets, households, measures, funds and open alerts.</summary>
public sealed class RegionFigures
{
    public int TargetHouseholds { get; set; }
    public int TargetPersons { get; set; }
    /// <summary>Households with facts for the year (its own record, or the latest earlier one).</summary>
    public int Households { get; set; }
    /// <summary>Their members in those facts.</summary>
    public int Persons { get; set; }
    /// <summary>Live measures (not declined, not cancelled) running in the year, by channel key (<see cref="Channels.All"/>).</summary>
    public Dictionary<string, int> Measures { get; } = Channels.All.ToDictionary(c => c, _ => 0);
    /// <summary>The year's fund projects, yuan.</summary>
    public decimal Funds { get; set; }
    public int OpenAlerts { get; set; }
    /// <summary>
    /// Households whose plan-year income, projected on a date by their village's plan (recorded months, the rest at last
    /// year's pace, measures under way, changes visits found), stays under that plan's line: the plan's 预计年底仍低于收入线.
    /// Null where no plan covers the villages (on a province: as its counties published it, on their plans' 数据截至).
    /// </summary>
    public int? ProjectedUnderLine { get; set; }

    /// <summary>
    /// On a province, the earliest and latest dates the counties below counted their published projections and scores on
    /// (their plans' 数据截至); null elsewhere, where the date is the one asked for.
    /// </summary>
    public DateOnly? FiguresFrom { get; set; }
    public DateOnly? FiguresTo { get; set; }

    /// <summary>The 考核 scores of the villages below, each under its own plan's 考核细则 for the period holding a date: their sum and count.</summary>
    public decimal VillageScoreSum { get; set; }
    public int VillageScores { get; set; }

    /// <summary>
    /// The villages' mean 考核 score (two decimals, as scores are), a village's own score; null where no village below is scored. A town is not
    /// itself scored by a town plan's 考核细则 (they score villages, assigned units, work teams and departments), so its row shows
    /// how its villages stand.
    /// </summary>
    public decimal? VillageScore => VillageScores == 0 ? null : Math.Round(VillageScoreSum / VillageScores, 2, MidpointRounding.AwayFromZero);

    public int MeasuresTotal => Measures.Values.Sum();

    public void Add(RegionFigures other)
    {
        TargetHouseholds += other.TargetHouseholds;
        TargetPersons += other.TargetPersons;
        Households += other.Households;
        Persons += other.Persons;
        foreach (var (channel, count) in other.Measures) Measures[channel] = Measures.GetValueOrDefault(channel) + count;
        Funds += other.Funds;
        OpenAlerts += other.OpenAlerts;
        if (other.ProjectedUnderLine is { } projected) ProjectedUnderLine = (ProjectedUnderLine ?? 0) + projected;
        VillageScoreSum += other.VillageScoreSum;
        VillageScores += other.VillageScores;
        if (other.FiguresFrom is { } from && (FiguresFrom is null || from < FiguresFrom)) FiguresFrom = from;
        if (other.FiguresTo is { } to && (FiguresTo is null || to > FiguresTo)) FiguresTo = to;
    }
}

/// <summary>One row of a roll-up: a region and its figures.</summary>
public sealed record RegionRow(Region Region, string? Code, RegionFigures Figures);

/// <summary>A region's figures and one row per child region: the total is the sum of the children by construction.</summary>
public sealed record RegionRollup(RegionRow Total, IReadOnlyList<RegionRow> Children, IReadOnlyList<Region> Path)
{
    /// <summary>
    /// For a province, one row per county below it (in code order), each with the city it belongs to: the 省级汇总表 a
    /// province sends up has a row per county, not per city. Null for any other level.
    /// </summary>
    public IReadOnlyList<(RegionRow County, Region? City)>? Counties { get; init; }
}

/// <summary>Adds village figures up the region tree (pure: the tree and the figures come in, the roll-up goes out).</summary>
public static class RegionTree
{
    /// <summary>How many leading digits of the 12-digit code a level owns (省2, 市4, 县6, 乡镇9, 村12).</summary>
    public static int Digits(RegionLevel level) => level switch
    {
        RegionLevel.Province => 2, RegionLevel.City => 4, RegionLevel.County => 6, RegionLevel.Town => 9, _ => 12,
    };

    /// <summary>
    /// Codes for regions above the village, which the export does not give: the prefix every village below shares,
    /// padded with zeros, where they all share it; none where they do not (a code that is not true is worse than none).
    /// </summary>
    public static Dictionary<long, string> Codes(IReadOnlyList<Region> regions)
    {
        var parent = regions.ToDictionary(r => r.Id, r => r.ParentId);
        var byId = regions.ToDictionary(r => r.Id);
        var prefixes = new Dictionary<long, string?>();
        foreach (var village in regions.Where(r => r.Level == RegionLevel.Village))
        {
            for (var id = village.ParentId; id is { } a; id = parent[a])
            {
                var digits = Digits(byId[a].Level);
                var prefix = village.Code is { } c && Region.IsValidCode(c) ? c[..digits] : null;
                prefixes[a] = prefixes.TryGetValue(a, out var seen) ? (seen == prefix ? seen : null) : prefix;
            }
        }
        var codes = regions.Where(r => r.Code is not null).ToDictionary(r => r.Id, r => r.Code!);
        foreach (var (id, prefix) in prefixes)
            if (prefix is not null && !codes.ContainsKey(id)) codes[id] = prefix.PadRight(12, '0');
        return codes;
    }

    /// <summary>The villages at or below <paramref name="regionId"/> (none for no region): a region account's scope.</summary>
    public static List<long> Villages(IReadOnlyList<Region> tree, long? regionId)
    {
        if (regionId is not { } root) return [];
        var children = tree.ToLookup(r => r.ParentId);
        var villages = new List<long>();
        var stack = new Stack<long>([root]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            foreach (var c in children[id])
            {
                if (c.Level == RegionLevel.Village) villages.Add(c.Id);
                else if (c.Level < RegionLevel.Village) stack.Push(c.Id);
            }
        }
        if (tree.FirstOrDefault(r => r.Id == root) is { Level: RegionLevel.Village }) villages.Add(root);
        return villages;
    }

    /// <summary>
    /// The roll-up of <paramref name="region"/>: its children (villages' groups excluded: households belong to
    /// villages) each summing the villages below them, and the total summing the children, or the region's own
    /// figures when it is a village.
    /// </summary>
    public static RegionRollup Roll(IReadOnlyList<Region> regions, Region region, IReadOnlyDictionary<long, RegionFigures> villages)
    {
        var byId = regions.ToDictionary(r => r.Id);
        var codes = Codes(regions);
        var children = region.Level >= RegionLevel.Village ? [] : regions.Where(r => r.ParentId == region.Id).OrderBy(r => codes.GetValueOrDefault(r.Id) ?? "~", StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var rows = children.ToDictionary(c => c.Id, c => new RegionFigures());
        var total = new RegionFigures();
        var counties = region.Level == RegionLevel.Province ? new Dictionary<long, RegionFigures>() : null;
        foreach (var (villageId, figures) in villages)
        {
            if (!byId.ContainsKey(villageId)) continue;
            if (villageId == region.Id) { total.Add(figures); continue; }
            // Walk up to the child of the region, if the village lies below it at all.
            long? child = null;
            for (long? id = villageId; id is { } x; id = byId[x].ParentId)
            {
                if (byId[x].ParentId == region.Id) { child = x; break; }
            }
            if (child is { } c && rows.TryGetValue(c, out var row))
            {
                row.Add(figures);
                total.Add(figures);
                if (counties is not null)
                {
                    // A village with no county above it (a city's towns directly) counts on its city's own row.
                    var county = CountyOf(byId, villageId) ?? c;
                    if (!counties.TryGetValue(county, out var sum)) counties[county] = sum = new RegionFigures();
                    sum.Add(figures);
                }
            }
        }
        var path = new List<Region>();
        for (long? id = region.Id; id is { } x; id = byId[x].ParentId) path.Insert(0, byId[x]);
        return new RegionRollup(new RegionRow(region, codes.GetValueOrDefault(region.Id), total),
            children.Select(c => new RegionRow(c, codes.GetValueOrDefault(c.Id), rows[c.Id])).ToList(), path)
        {
            Counties = counties is null ? null : CountyRows(regions, byId, codes, region, counties),
        };
    }

    /// <summary>
    /// A province's rows per county: every county below it (none left out for having no figures yet, as the city and county
    /// sheets show every child), grouped by city, and for a city whose towns lie directly under it a row of the city's
    /// own (named 市直属), so the rows always add up to the province's total.
    /// </summary>
    static List<(RegionRow County, Region? City)> CountyRows(IReadOnlyList<Region> regions, Dictionary<long, Region> byId, Dictionary<long, string> codes,
        Region province, Dictionary<long, RegionFigures> figures)
    {
        Region? CityOf(Region r)
        {
            for (long? id = r.ParentId; id is { } x && x != province.Id; id = byId[x].ParentId)
                if (byId[x].Level == RegionLevel.City) return byId[x];
            return null;
        }
        bool Below(Region r)
        {
            for (long? id = r.ParentId; id is { } x; id = byId[x].ParentId)
                if (x == province.Id) return true;
            return false;
        }
        var rows = regions.Where(r => r.Level == RegionLevel.County && Below(r)).Select(r => (Region: r, City: CityOf(r)))
            .Concat(figures.Keys.Where(id => byId[id].Level != RegionLevel.County)
                .Select(id => (Region: new Region { Id = id, Name = "市直属", Level = byId[id].Level, ParentId = byId[id].ParentId, Code = byId[id].Code }, City: (Region?)byId[id])));
        string Key(Region? r) => r is null ? "~" : codes.GetValueOrDefault(r.Id) ?? "~" + r.Name;
        return rows.OrderBy(r => Key(r.City), StringComparer.Ordinal).ThenBy(r => r.City?.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Region.Level == RegionLevel.County ? 0 : 1).ThenBy(r => Key(r.Region), StringComparer.Ordinal).ThenBy(r => r.Region.Name, StringComparer.Ordinal)
            .Select(r => (new RegionRow(r.Region, codes.GetValueOrDefault(r.Region.Id), figures.GetValueOrDefault(r.Region.Id) ?? new RegionFigures()), r.City))
            .ToList();
    }

    /// <summary>The county a village lies in, if any.</summary>
    static long? CountyOf(Dictionary<long, Region> byId, long villageId)
    {
        for (long? id = villageId; id is { } x; id = byId[x].ParentId)
            if (byId[x].Level == RegionLevel.County) return x;
        return null;
    }
}
