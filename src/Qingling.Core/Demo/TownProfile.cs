namespace Qingling.Core.Demo;

/// <summary>Where a synthetic town lies and what it grows: the generator's setting.</summary>
public sealed record TownProfile(
    string Province, string City, string County, string Town, string CountyCode, IReadOnlyList<string> Villages,
    IReadOnlyList<string> Industries, IReadOnlyList<string> Units)
{
    /// <summary>
    /// The town's 3 digits in the 12-digit code (county 6 + town 3 + village 3), so villages of several towns of one
    /// county never share a code; null keeps the single-town layout the demo has always written.
    /// </summary>
    public string? TownCode { get; init; }

    /// <summary>A town like Mengyong (耿马县, 临沧市): its communities and villages, its six industries.</summary>
    public static readonly TownProfile Mengyong = new(
        "云南省", "临沧市", "耿马傣族佤族自治县", "勐永镇", "990926",
        ["勐永社区", "芒来村", "香竹林村", "芒见村", "芒国村", "户肯村", "邦读村", "勐永村"],
        ["茶叶", "甘蔗", "肉牛", "水果", "蔬菜", "林业"],
        ["镇农业农村服务中心", "镇林业草原服务中心", "镇社会保障服务中心", "镇财政所", "镇文化和旅游广播电视体育服务中心", "勐永信用社", "镇民政办", "镇水务服务中心"]);
}
