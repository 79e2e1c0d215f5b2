namespace Qingling.Core.Demo;

/// <summary>
/// Makes up several towns spread over counties of one made-up city, or of several cities of a made-up province, as one
/// export: what a county, city or province (乡村振兴局) sees. Names and codes are synthetic (county codes 99xxxx, like the
/// ID numbers); the same seed gives the same bytes. Each town is a <see cref="TownGenerator"/> town numbered after the
/// ones before it.
/// </summary>
public sealed class RegionGenerator
{
    /// <summary>Bounds that keep every code within its digits: 2 for the city and the county, 3 for the town and for the village.</summary>
    public const int MaxCounties = 70, MaxTownsPerCounty = 899, MaxHouseholdsPerTown = 399_000, MaxCities = 90;
    /// <summary>
    /// ID numbers: 4,000,000 members' room after the demo's within one numbering (at most 7 per household); beyond that
    /// the numbering wraps (<see cref="TownGenerator.WrapIds"/>) up to <see cref="TownGenerator.IdWraps"/> times.
    /// </summary>
    public const int MaxHouseholds = 570_000;
    public const int MaxWrappedHouseholds = TownGenerator.IdWraps * (TownGenerator.MembersPerIdWrap - TownGenerator.ReservedPerIdWrap) / 7;
    const int FirstHousehold = 10_000_000, FirstMember = 1_000_000;

    static readonly string[] Syllables = ["芒", "勐", "班", "允", "南", "景", "孟", "岩", "弄", "曼", "户", "贺", "帕", "那", "洪", "永", "卡", "邦", "糯", "海", "象", "竹", "朗", "木"];
    static readonly string[] VillageSuffixes = ["社区", "村", "寨村", "坝村", "山村", "河村", "新村", "田村"];

    readonly int _seed, _year, _towns, _counties, _cities;

    public RegionGenerator(int seed, int year, int towns, int counties, int cities = 1)
    {
        if (towns <= 0) throw new ArgumentException("--towns 应为正整数");
        if (cities <= 0 || cities > MaxCities) throw new ArgumentException($"--cities 应为1到{MaxCities}之间的整数");
        if (counties > 0 && cities > counties) throw new ArgumentException($"--cities（{cities}）不能多于 --counties（{counties}）：每个市至少一个县");
        if (counties <= 0 || (counties + cities - 1) / cities > MaxCounties)
            throw new ArgumentException(cities == 1 ? $"--counties 应为1到{MaxCounties}之间的整数" : $"每个市最多{MaxCounties}个县，请增加 --cities");
        if (counties > towns) throw new ArgumentException($"--counties（{counties}）不能多于 --towns（{towns}）：每个县至少一个乡镇");
        if ((towns + counties - 1) / counties > MaxTownsPerCounty) throw new ArgumentException($"每个县最多{MaxTownsPerCounty}个乡镇，请增加 --counties");
        (_seed, _year, _towns, _counties, _cities) = (seed, year, towns, counties, cities);
    }

    /// <summary>The city a county belongs to: counties dealt out in consecutive runs, as towns are to counties.</summary>
    public int CityOf(int county) => (int)((long)county * _cities / _counties);

    /// <summary>
    /// A county's name and 6-digit code. One city keeps the layout of before (合成市, 9908 followed by the county's number);
    /// several cities are numbered 9908, 9910, 9911 … (9909 is the demo's city), each county within its city.
    /// </summary>
    (string City, string County, string Code) CountyOf(int county, int town)
    {
        if (_cities == 1) return ("合成市", $"{Name(_seed + 1, county)}县", $"9908{1 + county:00}");
        var city = CityOf(county);
        var firstOfCity = Enumerable.Range(0, county + 1).First(c => CityOf(c) == city);
        var cityCode = city == 0 ? 8 : 9 + city;
        return ($"{Name(_seed + 2, city)}市", $"{Name(_seed + 1, county)}县", $"99{cityCode:00}{1 + county - firstOfCity:00}");
    }

    /// <summary>The county a town belongs to: towns are dealt out in consecutive runs, the first counties taking one more.</summary>
    public int CountyOf(int town) => (int)((long)town * _counties / _towns);

    /// <summary>The profile of town <paramref name="town"/> (0-based): its county, its code and its villages' names.</summary>
    public TownProfile Profile(int town)
    {
        var county = CountyOf(town);
        var firstOfCounty = Enumerable.Range(0, town + 1).First(t => CountyOf(t) == county);
        var stem = Name(_seed, town);
        var template = TownProfile.Mengyong;
        var (city, countyName, countyCode) = CountyOf(county, town);
        return new TownProfile(
            template.Province, city, countyName, $"{stem}镇", countyCode,
            Enumerable.Range(0, template.Villages.Count).Select(v => v == 0 ? $"{stem}{VillageSuffixes[0]}" : $"{stem}{Syllables[(v * 5 + town) % Syllables.Length]}{VillageSuffixes[v % VillageSuffixes.Length]}").ToList(),
            template.Industries, template.Units.Select(u => u.Replace("勐永", stem)).ToList())
        { TownCode = $"{101 + town - firstOfCounty:000}" };
    }

    /// <summary>
    /// Two syllables, a different pair for each <paramref name="n"/> (a step coprime with the 576 pairs walks all of
    /// them from a seed-chosen start), then a number once they run out: two towns of one county must never share a
    /// name, or the import would file them as one.
    /// </summary>
    static string Name(int seed, int n)
    {
        var pairs = Syllables.Length * Syllables.Length;
        var k = (int)(((long)(uint)seed * 97 + (long)(n % pairs) * 385) % pairs);
        var name = $"{Syllables[k / Syllables.Length]}{Syllables[k % Syllables.Length]}";
        return n < pairs ? name : $"{name}{n / pairs + 1}";
    }

    /// <summary>Households per town: <paramref name="households"/> shared out, the first towns taking one more.</summary>
    public int HouseholdsOf(int town, int households) => households / _towns + (town < households % _towns ? 1 : 0);

    /// <summary>All towns' households, town after town; codes and ID numbers unique across the export.</summary>
    public IEnumerable<GeneratedHousehold> Generate(int households)
    {
        // Checked here, not in the iterator: a wrong call must fail before the file is created.
        if (households < _towns) throw new ArgumentException($"--households（{households}）不能少于 --towns（{_towns}）：每个乡镇至少一户");
        // ID numbers have 4,000,000 members' room after the demo's (address codes 992000–999999; at most 7 per household),
        // then wrap, told apart by the birth date (TownGenerator.WrapIds).
        if (households > MaxWrappedHouseholds) throw new ArgumentException($"多个乡镇的导出最多{MaxWrappedHouseholds}户（合成证件号码的编号范围有限）");
        if (HouseholdsOf(0, households) > MaxHouseholdsPerTown) throw new ArgumentException($"每个乡镇最多{MaxHouseholdsPerTown}户，请增加 --towns");
        return Towns(households);
    }

    IEnumerable<GeneratedHousehold> Towns(int households)
    {
        // Numbered after the demo town's households and members (city code 9908 beside its 9909): a region's export can be
        // imported beside the demo without a household code or ID number meeting one of the demo's.
        var index = FirstHousehold;
        var member = FirstMember;
        var wrap = households > MaxHouseholds;
        for (var t = 0; t < _towns; t++)
        {
            var n = HouseholdsOf(t, households);
            foreach (var h in new TownGenerator(Profile(t), _seed, _year) { WrapIds = wrap }.Generate(n, index, member))
            {
                // In step with the town's own numbering (TownGenerator.NextMember), so the next town starts after it.
                member = TownGenerator.NextMember(member, wrap) + h.Members.Count;
                yield return h;
            }
            index += n;
        }
    }
}
