using Microsoft.EntityFrameworkCore;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Regions;
using Qingling.Web.Web;

namespace Qingling.Web.Regions;

/// <summary>A region's roll-up as one user may see it: the page and its workbook read it the same way.</summary>
public sealed record RegionView(RegionRollup? Rollup, IReadOnlyList<Region> Tree, IReadOnlyDictionary<long, string> Codes,
    int Year, IReadOnlyList<int> Years, TargetRule Rule, long? Top)
{
    /// <summary>The income line the figures were counted under.</summary>
    public decimal Line => Rule.IncomeLine;

    /// <summary>The address of a region's page: its code where it has one, else its number.</summary>
    public string Key(Region r) => Codes.TryGetValue(r.Id, out var c) ? c : r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The view, or the status to answer with: 403 for a role that reads no region (village cadres and departments
    /// work in their own scope), 404 for a region or year that does not exist or lies outside the account's region
    /// (as a household out of scope: it does not say the place exists).
    /// </summary>
    public static (RegionView? View, int Status) Load(Store store, CurrentUser current, PlanContext context, string? code, int? year)
    {
        var user = current.User;
        if (!user.ReadsEverything && user.Role != Role.Region) return (null, StatusCodes.Status403Forbidden);
        using var db = store.CreateContext();
        var tree = RegionQuery.Tree(db);
        var codes = RegionTree.Codes(tree);
        var top = user.Role == Role.Region ? user.RegionId : tree.FirstOrDefault(r => r.ParentId is null)?.Id;
        var region = string.IsNullOrEmpty(code) ? tree.FirstOrDefault(r => r.Id == top)
            : code.Length < 12 && long.TryParse(code, out var id) ? tree.FirstOrDefault(r => r.Id == id)
            : RegionLookup.Find(tree, code).Region;
        if (region is null || region.Level == RegionLevel.Group || !Within(tree, region.Id, top)) return (null, StatusCodes.Status404NotFound);
        // A province holds no register: it reads the figures its counties publish (deploy/replication).
        var reader = PublishedFigures.IsReader(db);
        var years = reader ? PublishedFigures.Years(db) : db.IncomeEntries.AsNoTracking().Select(e => e.Year).Distinct().OrderBy(y => y).ToList();
        // The plan's own target rule, as the town's 清零对象 page counts.
        var rule = context.Plan?.TargetRule ?? new TargetRule();
        if (years.Count == 0) return (new RegionView(null, tree, codes, 0, years, rule, top), StatusCodes.Status200OK);
        var y = year ?? (context.Plan?.BaselineYear is { } b && years.Contains(b) ? b : years[^1]);
        if (!years.Contains(y)) return (null, StatusCodes.Status404NotFound);
        if (reader) rule = PublishedFigures.Rules(db, y)[0];
        var rollup = context.Cached(("region", region.Id, y, rule, reader), () =>
        {
            using var c = store.CreateContext();
            return reader ? RegionTree.Roll(tree, region, PublishedFigures.ByVillage(c, tree, y)) : RegionQuery.Rollup(c, tree, region, y, rule);
        });
        return (new RegionView(rollup, tree, codes, y, years, rule, top), StatusCodes.Status200OK);
    }

    static bool Within(IReadOnlyList<Region> tree, long regionId, long? top)
    {
        var byId = tree.ToDictionary(r => r.Id);
        for (long? id = regionId; id is { } x && byId.TryGetValue(x, out var r); id = r.ParentId)
            if (x == top) return true;
        return false;
    }

    /// <summary>The path from the user's top region down to this one, for the breadcrumb.</summary>
    public IEnumerable<Region> Crumbs() => Rollup is null ? [] : Rollup.Path.SkipWhile(r => r.Id != Top);
}
