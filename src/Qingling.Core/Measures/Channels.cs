namespace Qingling.Core.Measures;

/// <summary>The seven channels of the plan (七个增收一批).</summary>
public static class Channels
{
    public const string Industry = "industry";
    public const string Tourism = "tourism";
    public const string Training = "training";
    public const string Employment = "employment";
    public const string Assets = "assets";
    public const string Finance = "finance";
    public const string Transfers = "transfers";

    public static readonly IReadOnlyList<string> All = [Industry, Tourism, Training, Employment, Assets, Finance, Transfers];

    public static bool IsKnown(string key) => All.Contains(key);

    public static string Name(string key) => key switch
    {
        Industry => "产业帮扶",
        Tourism => "乡村旅游",
        Training => "技能培训",
        Employment => "转移就业",
        Assets => "盘活资产",
        Finance => "金融帮扶",
        Transfers => "政策性转移",
        _ => key,
    };

    /// <summary>Accepts the key or the Chinese name.</summary>
    public static string? Parse(string text)
    {
        var t = text.Trim();
        return All.FirstOrDefault(k => k == t || Name(k) == t);
    }
}
