namespace Qingling.Core.Regions;

/// <summary>Administrative level, from province down to the villagers' group (村民小组).</summary>
public enum RegionLevel { Province = 1, City = 2, County = 3, Town = 4, Village = 5, Group = 6 }

/// <summary>A node of the region tree, with its 12-digit statistical code where known.</summary>
public class Region
{
    public long Id { get; set; }
    public long? ParentId { get; set; }
    public RegionLevel Level { get; set; }
    public string Name { get; set; } = "";
    /// <summary>12-digit 统计用区划代码; null when the source did not give it.</summary>
    public string? Code { get; set; }

    public static bool IsValidCode(string code) => code.Length == 12 && code.All(char.IsAsciiDigit);
}
