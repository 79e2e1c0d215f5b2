using Qingling.Core.Regions;

namespace Qingling.Tests.Regions;

public class RegionTreeTests
{
    static readonly Region Province = new() { Id = 1, Level = RegionLevel.Province, Name = "省" };
    static readonly Region County = new() { Id = 2, ParentId = 1, Level = RegionLevel.County, Name = "县" };
    static readonly Region TownA = new() { Id = 3, ParentId = 2, Level = RegionLevel.Town, Name = "甲镇" };
    static readonly Region TownB = new() { Id = 4, ParentId = 2, Level = RegionLevel.Town, Name = "乙镇" };
    static readonly Region[] Tree =
    [
        Province, County, TownA, TownB,
        new() { Id = 5, ParentId = 3, Level = RegionLevel.Village, Name = "一村", Code = "990926101001" },
        new() { Id = 6, ParentId = 3, Level = RegionLevel.Village, Name = "二村", Code = "990926101002" },
        // The demo's layout: the town digits differ from village to village, so the town has no true code.
        new() { Id = 7, ParentId = 4, Level = RegionLevel.Village, Name = "三村", Code = "990926102001" },
        new() { Id = 8, ParentId = 4, Level = RegionLevel.Village, Name = "四村", Code = "990926103002" },
        new() { Id = 9, ParentId = 8, Level = RegionLevel.Group, Name = "1组" },
    ];

    [Fact]
    public void Codes_above_the_village_are_the_shared_prefix_or_none()
    {
        var codes = RegionTree.Codes(Tree);
        Assert.Equal("990000000000", codes[1]);
        Assert.Equal("990926000000", codes[2]);
        Assert.Equal("990926101000", codes[3]);
        Assert.False(codes.ContainsKey(4));
    }

    [Fact]
    public void Children_sum_their_villages_and_the_total_sums_the_children()
    {
        RegionFigures F(int targets, int persons, int alerts) => new() { TargetHouseholds = targets, TargetPersons = persons, Households = 10, OpenAlerts = alerts };
        var villages = new Dictionary<long, RegionFigures> { [5] = F(1, 4, 0), [6] = F(2, 7, 1), [7] = F(3, 9, 2), [8] = F(0, 0, 5) };
        villages[6].Measures["industry"] = 2;
        var county = RegionTree.Roll(Tree, County, villages);
        Assert.Equal(["甲镇", "乙镇"], county.Children.Select(c => c.Region.Name));
        Assert.Equal((3, 11, 1), (county.Children[0].Figures.TargetHouseholds, county.Children[0].Figures.TargetPersons, county.Children[0].Figures.OpenAlerts));
        Assert.Equal((3, 9, 7), (county.Children[1].Figures.TargetHouseholds, county.Children[1].Figures.TargetPersons, county.Children[1].Figures.OpenAlerts));
        Assert.Equal((6, 20, 40, 2), (county.Total.Figures.TargetHouseholds, county.Total.Figures.TargetPersons, county.Total.Figures.Households, county.Total.Figures.MeasuresTotal));
        Assert.Equal(["省", "县"], county.Path.Select(r => r.Name));

        var town = RegionTree.Roll(Tree, TownB, villages);
        Assert.Equal(["三村", "四村"], town.Children.Select(c => c.Region.Name));
        Assert.Equal(3, town.Total.Figures.TargetHouseholds);
        var village = RegionTree.Roll(Tree, Tree[7], villages);
        Assert.Empty(village.Children);
        Assert.Equal(5, village.Total.Figures.OpenAlerts);
    }

    [Fact]
    public void Lookup_by_name_or_code_and_misses_list_what_exists()
    {
        Assert.Equal(County, RegionLookup.Find(Tree, "990926000000").Region);
        Assert.Equal(TownA, RegionLookup.Find(Tree, "甲镇").Region);
        Assert.Equal(Province, RegionLookup.Find(Tree, null).Region);
        Assert.Contains("甲镇（990926101000）", RegionLookup.Find(Tree, "丙镇").Problem);
        Assert.Contains("应为12位数字", RegionLookup.Find(Tree, "9909").Problem);
        Assert.Null(RegionLookup.Find(Tree, "1组").Region);
    }
}
