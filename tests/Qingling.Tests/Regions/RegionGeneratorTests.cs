using System.Security.Cryptography;
using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Core.Regions;
using Qingling.Data.Export;

namespace Qingling.Tests.Regions;

/// <summary>`generate --towns N --counties M`: several synthetic towns in one export, and the one town unchanged.</summary>
public class RegionGeneratorTests
{
    static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Without_the_new_options_the_one_town_is_written_byte_for_byte_as_before()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-region-gen-").FullName;
        try
        {
            var path = Path.Combine(folder, "town.csv");
            ExportFileWriter.Write(path, new TownGenerator(TownProfile.Mengyong, 7, 2022).Generate(60));
            // The SHA-256 of `qingling generate --households 60 --seed 7 --out x.csv` before --towns existed (commit 960e5d5).
            Assert.Equal("3bc104fbf853f664fe0753dca4c6b6c4bf6f73f2e79f248b6908a5a1791bbbed", Sha(path));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Several_towns_same_seed_same_bytes_other_seed_other_names()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-region-gen-").FullName;
        try
        {
            string Write(string name, int seed)
            {
                var path = Path.Combine(folder, name);
                ExportFileWriter.Write(path, new RegionGenerator(seed, 2022, 5, 2).Generate(250));
                return Sha(path);
            }
            Assert.Equal(Write("a.csv", 3), Write("b.csv", 3));
            Assert.NotEqual(Write("a.csv", 3), Write("c.csv", 4));
            var names = (int seed) => Enumerable.Range(0, 5).Select(t => new RegionGenerator(seed, 2022, 5, 2).Profile(t).Town).ToList();
            Assert.NotEqual(names(3), names(4));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Towns_are_spread_over_the_counties_of_one_city_with_unique_names_codes_and_ids()
    {
        var households = new RegionGenerator(11, 2022, 7, 3).Generate(1_400).ToList();
        Assert.Equal(1_400, households.Count);
        Assert.Single(households.Select(h => (h.Province, h.City)).Distinct());
        var counties = households.GroupBy(h => h.County).ToList();
        Assert.Equal(3, counties.Count);
        Assert.Equal([3, 2, 2], counties.Select(c => c.Select(h => h.Town).Distinct().Count()).OrderDescending());
        Assert.Equal(7, households.Select(h => (h.County, h.Town)).Distinct().Count());
        Assert.All(households.GroupBy(h => h.Town), t => Assert.Equal(200, t.Count()));

        // A village's code is its county's 6 digits, its town's 3 and its own 3; no two villages share one.
        var villages = households.Select(h => (h.County, h.Town, h.Village, h.VillageCode)).Distinct().ToList();
        Assert.Equal(villages.Count, villages.Select(v => v.VillageCode).Distinct().Count());
        Assert.All(villages, v => Assert.True(Region.IsValidCode(v.VillageCode) && v.VillageCode.StartsWith("99"), v.VillageCode));
        Assert.All(households.GroupBy(h => h.County), c => Assert.Single(c.Select(h => h.VillageCode[..6]).Distinct()));
        Assert.All(households.GroupBy(h => (h.County, h.Town)), t => Assert.Single(t.Select(h => h.VillageCode[..9]).Distinct()));
        Assert.Equal(villages.Count, villages.Select(v => (v.Town, v.Village)).Distinct().Count());

        Assert.Equal(households.Count, households.Select(h => h.Code).Distinct().Count());
        var members = households.SelectMany(h => h.Members).ToList();
        Assert.Equal(members.Count, members.Select(m => m.IdNumber).Distinct().Count());
        Assert.All(members, m => Assert.True(m.IdNumber.StartsWith("99") && IdNumber.TryValidate(m.IdNumber, out _, out _), m.IdNumber));
    }

    [Fact]
    public void Hundreds_of_towns_never_share_a_name()
    {
        var generator = new RegionGenerator(5, 2022, 700, 10);
        var towns = Enumerable.Range(0, 700).Select(t => generator.Profile(t)).ToList();
        Assert.Equal(700, towns.Select(t => t.Town).Distinct().Count());
        Assert.Equal(10, towns.Select(t => t.County).Distinct().Count());
    }

    [Theory]
    [InlineData(3, 4, 100, "--counties（4）不能多于 --towns（3）")]
    [InlineData(0, 1, 100, "--towns 应为正整数")]
    [InlineData(5, 0, 100, "--counties 应为1到70之间的整数")]
    [InlineData(5, 1, 4, "--households（4）不能少于 --towns（5）")]
    [InlineData(9, 2, 100, "--cities（3）不能多于 --counties（2）", 3)]
    [InlineData(300, 150, 1000, "每个市最多70个县，请增加 --cities", 2)]
    [InlineData(5, 1, 100, "--cities 应为1到90之间的整数", 0)]
    public void Impossible_settings_are_refused_in_Chinese_before_anything_is_written(int towns, int counties, int households, string message, int cities = 1)
    {
        var e = Assert.Throws<ArgumentException>(() => new RegionGenerator(1, 2022, towns, counties, cities).Generate(households));
        Assert.Contains(message, e.Message);
    }

    /// <summary>`--cities`: counties dealt out over the cities of one province, each city its own code (9908, then 9910 …).</summary>
    [Fact]
    public void Counties_are_spread_over_the_cities_of_one_province_with_unique_codes()
    {
        var households = new RegionGenerator(11, 2022, 8, 4, cities: 2).Generate(800).ToList();
        Assert.Single(households.Select(h => h.Province).Distinct());
        var cities = households.GroupBy(h => h.City).ToList();
        Assert.Equal(2, cities.Count);
        Assert.All(cities, c => Assert.Equal(2, c.Select(h => h.County).Distinct().Count()));
        Assert.Equal(["9908", "9910"], cities.Select(c => Assert.Single(c.Select(h => h.VillageCode[..4]).Distinct())).Order());
        Assert.Equal(["990801", "990802", "991001", "991002"], households.Select(h => h.VillageCode[..6]).Distinct().Order());
        var villages = households.Select(h => (h.Town, h.Village, h.VillageCode)).Distinct().ToList();
        Assert.Equal(villages.Count, villages.Select(v => v.VillageCode).Distinct().Count());
        var members = households.SelectMany(h => h.Members).ToList();
        Assert.Equal(members.Count, members.Select(m => m.IdNumber).Distinct().Count());
        // One city is written as before: the option changes nothing unless it is used.
        Assert.Equal(new RegionGenerator(11, 2022, 8, 4).Generate(800).Select(h => h.VillageCode), new RegionGenerator(11, 2022, 8, 4, cities: 1).Generate(800).Select(h => h.VillageCode));
    }

    /// <summary>
    /// A province has more members than one numbering of address code and sequence holds: past it, the numbering wraps and
    /// the birth date tells the wraps apart (its day number modulo 5), so the same household numbered one wrap later has
    /// other, still valid, ID numbers. Each wrap leaves out the numbers the demo and single towns use, and no household
    /// straddles two wraps.
    /// </summary>
    [Fact]
    public void Members_past_one_numbering_get_other_valid_ids_told_apart_by_their_birth_date()
    {
        Assert.Equal(123, TownGenerator.NextMember(123, wrapped: false));
        Assert.Equal(1_000_000, TownGenerator.NextMember(0, wrapped: true));
        Assert.Equal(2_345_678, TownGenerator.NextMember(2_345_678, wrapped: true));
        Assert.Equal(6_000_000, TownGenerator.NextMember(4_999_996, wrapped: true));
        Assert.Equal(6_000_000, TownGenerator.NextMember(5_000_002, wrapped: true));

        var wrapped = new TownGenerator(TownProfile.Mengyong, 3, 2022) { WrapIds = true };
        var plain = new TownGenerator(TownProfile.Mengyong, 3, 2022);
        var a = wrapped.Generate(40, 500, 1_000_000).SelectMany(h => h.Members).ToList();
        var b = wrapped.Generate(40, 500, 1_000_000 + TownGenerator.MembersPerIdWrap).SelectMany(h => h.Members).ToList();
        var unmoved = plain.Generate(40, 500, 1_000_000).SelectMany(h => h.Members).ToList();
        Assert.Equal(a.Count, b.Count);
        Assert.All(a.Zip(b), p => Assert.Equal(p.First.IdNumber[..6], p.Second.IdNumber[..6]));
        Assert.Empty(a.Select(m => m.IdNumber).Intersect(b.Select(m => m.IdNumber)));
        Assert.All(a.Concat(b), m => Assert.True(IdNumber.TryValidate(m.IdNumber, out _, out _), m.IdNumber));
        Assert.All(a, m => Assert.Equal(0, m.BirthDate.DayNumber % TownGenerator.IdWraps));
        Assert.All(b, m => Assert.Equal(1, m.BirthDate.DayNumber % TownGenerator.IdWraps));
        // Each birth date moves 0 to 4 days earlier than the unwrapped generator has it, never later.
        Assert.All(a.Zip(unmoved), p => Assert.InRange(p.Second.BirthDate.DayNumber - p.First.BirthDate.DayNumber, 0, TownGenerator.IdWraps - 1));
        Assert.Throws<ArgumentException>(() => new RegionGenerator(1, 2022, 10, 1).Generate(RegionGenerator.MaxWrappedHouseholds + 1));
    }
}
