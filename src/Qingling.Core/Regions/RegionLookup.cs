namespace Qingling.Core.Regions;

/// <summary>Finds the region a person names, by its 12-digit code or its name; every miss says what exists.</summary>
public static class RegionLookup
{
    /// <summary>
    /// The region named by <paramref name="text"/> (null: the root), or the Chinese reason there is none. Groups
    /// (村民小组) are not regions one asks a roll-up of: households belong to villages.
    /// </summary>
    public static (Region? Region, string? Problem) Find(IReadOnlyList<Region> tree, string? text)
    {
        var regions = tree.Where(r => r.Level != RegionLevel.Group).ToList();
        if (regions.Count == 0) return (null, "数据库中还没有区划：请先导入全国系统导出文件（qingling import）");
        if (string.IsNullOrWhiteSpace(text))
            return (regions.Where(r => r.ParentId is null).OrderBy(r => r.Id).First(), null);
        var t = text.Trim();
        if (t.All(char.IsAsciiDigit))
        {
            if (!Region.IsValidCode(t)) return (null, $"区划代码“{t}”应为12位数字");
            var codes = RegionTree.Codes(tree);
            // A county's code is also the code of a town that is its only child when the export gave no deeper digits: the higher one is meant.
            var match = regions.Where(r => codes.GetValueOrDefault(r.Id) == t).OrderBy(r => r.Level).FirstOrDefault();
            return match is null ? (null, $"没有区划代码为“{t}”的区划。已有：{Known(regions, codes)}") : (match, null);
        }
        var named = regions.Where(r => r.Name == t).ToList();
        return named.Count switch
        {
            1 => (named[0], null),
            0 => (null, $"没有名为“{t}”的区划。已有：{Known(regions, RegionTree.Codes(tree))}"),
            _ => (null, $"有{named.Count}个区划名为“{t}”，请用区划代码：{string.Join("、", named.Select(r => $"{Path(tree, r)}（{RegionTree.Codes(tree).GetValueOrDefault(r.Id) ?? "无代码"}）"))}"),
        };
    }

    /// <summary>The region's names from the root down, e.g. 云南省临沧市耿马傣族佤族自治县勐永镇.</summary>
    public static string Path(IReadOnlyList<Region> tree, Region region)
    {
        var byId = tree.ToDictionary(r => r.Id);
        var names = new List<string>();
        for (long? id = region.Id; id is { } x && byId.TryGetValue(x, out var r); id = r.ParentId) names.Insert(0, r.Name);
        return string.Concat(names);
    }

    static string Known(IReadOnlyList<Region> regions, IReadOnlyDictionary<long, string> codes)
    {
        // Above the villages: the places a county or city asks about (villages are many and named by their town).
        var upper = regions.Where(r => r.Level < RegionLevel.Village).OrderBy(r => r.Level).ThenBy(r => r.Id)
            .Select(r => codes.TryGetValue(r.Id, out var c) ? $"{r.Name}（{c}）" : r.Name).ToList();
        return string.Join("、", upper.Take(40)) + (upper.Count > 40 ? $" 等{upper.Count}个" : "");
    }
}
