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
    /// <summary>On a province whose counties count by different rules, what the label says instead of one line.</summary>
    public string? MixedRules { get; init; }

    /// <summary>
    /// The date households were projected and villages scored on: 数据截至 of the plan pages; on a province the earliest of
    /// the dates its counties published them on (<see cref="ProjectedTo"/> the latest). Null without a plan or published projection.
    /// </summary>
    public DateOnly? ProjectedOn { get; init; }

    /// <summary>On a province, the latest date its counties published projections on (the same as <see cref="ProjectedOn"/> when they agree).</summary>
    public DateOnly? ProjectedTo { get; init; }

    /// <summary>How the projection's date is named: "截至2023-06-30", or on a province whose counties' dates differ, their range.</summary>
    public string? ProjectedLabel => ProjectedOn is { } from ? Label(from, ProjectedTo ?? from) : null;

    /// <summary>Which 考核 period the scores are of: "含2023-06-30的考核期", or on a province whose counties' dates differ, theirs.</summary>
    public string? ScoredLabel => ProjectedOn is { } from ? Scored(from, ProjectedTo ?? from) : null;

    /// <summary>"含2023-06-30的考核期", or for counties that counted on different dates "含各县数据截至日（…至…）的考核期".</summary>
    public static string Scored(DateOnly from, DateOnly to) =>
        from == to ? $"含{from:yyyy-MM-dd}的考核期" : $"含各县数据截至日（{from:yyyy-MM-dd}至{to:yyyy-MM-dd}）的考核期";

    /// <summary>"截至2023-06-30", or for counties that counted on different dates "各县按本县数据截至日（2023-06-30至2023-09-30）".</summary>
    public static string Label(DateOnly from, DateOnly to) =>
        from == to ? $"截至{from:yyyy-MM-dd}" : $"各县按本县数据截至日（{from:yyyy-MM-dd}至{to:yyyy-MM-dd}）";

    /// <summary>On a province: when each county last confirmed its figures, by 6-digit code (read per request, not cached).</summary>
    public IReadOnlyDictionary<string, PublishedCounty>? Counties { get; init; }

    /// <summary>The counties below <paramref name="row"/>'s region (by its code's prefix).</summary>
    IEnumerable<PublishedCounty> Below(RegionRow row) => Counties is null ? [] : PublishedFigures.Below(Counties.Values, row.Code, row.Region.Level);

    /// <summary>How current a row's figures are: the oldest confirmation among the counties below it; null off a province.</summary>
    public DateTime? CheckedAt(RegionRow row) => Below(row).Select(c => (DateTime?)c.CheckedAt).Min();

    /// <summary>Counties below the page's region silent for longer than <see cref="PublishedFigures.Silence"/>, oldest first.</summary>
    public IReadOnlyList<PublishedCounty> Silent(DateTime now) => Rollup is null ? []
        : PublishedFigures.Silent(Below(Rollup.Total), now);

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
        // The tree, its codes and the years are read once per data version: a province's tree has some 20,000 places.
        var basis = context.Cached("region-basis", () => Basis.Read(store));
        var tree = basis.Tree;
        var top = user.Role == Role.Region ? user.RegionId : tree.FirstOrDefault(r => r.ParentId is null)?.Id;
        var region = string.IsNullOrEmpty(code) ? (top is { } t ? basis.ById.GetValueOrDefault(t) : null)
            : code.Length < 12 && long.TryParse(code, out var id) ? basis.ById.GetValueOrDefault(id)
            : basis.ByCode.GetValueOrDefault(code) ?? (code.All(char.IsAsciiDigit) ? null : RegionLookup.Find(tree, code).Region);
        if (region is null || region.Level == RegionLevel.Group || !Within(basis.ById, region.Id, top)) return (null, StatusCodes.Status404NotFound);
        var years = basis.Years;
        // The plan's own target rule, as the town's 清零对象 page counts.
        var rule = context.Plan?.TargetRule ?? new TargetRule();
        if (years.Count == 0) return (new RegionView(null, tree, basis.Codes, 0, years, rule, top), StatusCodes.Status200OK);
        var y = year ?? (context.Plan?.BaselineYear is { } b && years.Contains(b) ? b : years[^1]);
        if (!years.Contains(y)) return (null, StatusCodes.Status404NotFound);
        // Households projected under the line on the plan pages' 数据截至, each village by its own plan: the plan the pages work
        // on shares the figures those pages derived; another town's plan is read once per data version.
        var projectedOn = basis.Reader || context.Plan is null ? (DateOnly?)null : context.AsOf;
        var (rollup, counted, published) = context.Cached(("region", region.Id, y, rule, basis.Reader, projectedOn), () =>
        {
            using var c = store.CreateContext();
            // A province holds no register: it reads the figures its counties publish, each under its own plan's rule, with
            // the projections and scores they published on their own plans' 数据截至.
            if (basis.Reader)
            {
                var (read, rules) = PublishedFigures.Rollup(c, tree, region, y);
                var f = read.Total.Figures;
                return Tuple.Create(read, rules, f.FiguresFrom is { } from ? ((DateOnly, DateOnly)?)(from, f.FiguresTo!.Value) : null);
            }
            var projected = projectedOn is { } on
                ? context.Cached(("region-projected", on), () =>
                {
                    using var read = store.CreateContext();
                    return RegionQuery.ProjectedUnderLine(read, tree, on, plan => plan.Key == context.Plan!.Key ? context.TownProgress(on) : null);
                })
                : null;
            // The villages' 考核 scores of the period holding that date: the plan the pages work on shares the 考核 page's.
            var scores = projectedOn is { } day
                ? context.Cached(("region-scores", day), () =>
                {
                    using var read = store.CreateContext();
                    return RegionQuery.VillageScores(read, tree, day, current.Actor, (plan, period) => plan.Key == context.Plan!.Key
                        ? Pages.Assessment.IndexModel.Scores(context, store, plan, period, current.Actor, default) : null);
                })
                : null;
            // Every village's figures once per data version, year, rule and date, whichever region is asked: each region's
            // first view used to make its own pass over the register (33–43 s each in a province of ten million members).
            var villages = context.Cached(("region-villages", y, rule, projectedOn), () => RegionQuery.Villages(c, y, rule, projected, scores));
            return Tuple.Create(RegionTree.Roll(tree, region, villages), new List<TargetRule> { rule },
                projectedOn is { } d ? ((DateOnly, DateOnly)?)(d, d) : null);
        });
        // Rows of the year gone since the years were read (a county removed meanwhile): as a year without figures.
        if (counted.Count == 0) return (null, StatusCodes.Status404NotFound);
        Dictionary<string, PublishedCounty>? counties = null;
        if (basis.Reader)
        {
            using var c = store.CreateContext();
            counties = PublishedFigures.Counties(c);
        }
        return (new RegionView(rollup, tree, basis.Codes, y, years, counted[0], top)
            {
                MixedRules = PublishedFigures.MixedRules(counted), Counties = counties, ProjectedOn = published?.Item1, ProjectedTo = published?.Item2,
            },
            StatusCodes.Status200OK);
    }

    /// <summary>What every region page of a data version shares: the tree, by id and by code, and the years with figures.</summary>
    sealed record Basis(IReadOnlyList<Region> Tree, IReadOnlyDictionary<long, string> Codes, Dictionary<long, Region> ById,
        Dictionary<string, Region> ByCode, bool Reader, IReadOnlyList<int> Years)
    {
        public static Basis Read(Store store)
        {
            using var db = store.CreateContext();
            var tree = RegionQuery.Tree(db);
            var codes = RegionTree.Codes(tree);
            var reader = PublishedFigures.IsReader(db);
            var years = reader ? PublishedFigures.Years(db) : db.IncomeEntries.AsNoTracking().Select(e => e.Year).Distinct().OrderBy(y => y).ToList();
            // By code as RegionLookup finds it: a county whose only town shares its code is the one meant.
            var byCode = new Dictionary<string, Region>(StringComparer.Ordinal);
            foreach (var r in tree.Where(r => r.Level != RegionLevel.Group).OrderBy(r => r.Level))
                if (codes.TryGetValue(r.Id, out var c)) byCode.TryAdd(c, r);
            return new Basis(tree, codes, tree.ToDictionary(r => r.Id), byCode, reader, years);
        }
    }

    static bool Within(Dictionary<long, Region> byId, long regionId, long? top)
    {
        for (long? id = regionId; id is { } x && byId.TryGetValue(x, out var r); id = r.ParentId)
            if (x == top) return true;
        return false;
    }

    /// <summary>The path from the user's top region down to this one, for the breadcrumb.</summary>
    public IEnumerable<Region> Crumbs() => Rollup is null ? [] : Rollup.Path.SkipWhile(r => r.Id != Top);
}
