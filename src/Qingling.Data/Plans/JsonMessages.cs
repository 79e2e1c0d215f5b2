using System.Text.Json;
using System.Text.RegularExpressions;

namespace Qingling.Data.Plans;

/// <summary>
/// System.Text.Json explains a bad file in English and in .NET type names (List`1[…HouseholdPlanInput]); the people
/// loading plans and measures read Chinese and think in the file's own terms: what kind of value the field wants.
/// </summary>
static partial class JsonMessages
{
    public static string Describe(JsonException e)
    {
        var message = e.Message;
        if (ConvertedTo().Match(message) is { Success: true } m) return $"值的类型不对，此处应为{Kind(m.Groups[1].Value)}";
        if (UnknownProperty().Match(message) is { Success: true } u) return $"未知的字段“{u.Groups[1].Value}”";
        if (message.Contains("invalid start of a value") || message.Contains("is invalid after") || message.Contains("expected end of")
            || message.Contains("end of data") || message.Contains("invalid end"))
            return "不是有效的 JSON（括号、引号或逗号有误）";
        if (message.Contains("missing required properties")) return "缺少必填字段：" + string.Join("、", Quoted().Matches(message).Select(q => q.Groups[1].Value));
        return "格式错误";
    }

    static string Kind(string type) => type switch
    {
        _ when type.Contains("List`1") || type.Contains("[]") || type.Contains("IReadOnlyList") || type.Contains("IEnumerable") => "列表（[…]）",
        _ when type.Contains("Int32") || type.Contains("Int64") => "整数",
        _ when type.Contains("Decimal") || type.Contains("Double") => "数字",
        _ when type.Contains("DateOnly") => "日期（\"yyyy-MM-dd\"）",
        _ when type.Contains("Boolean") => "true 或 false",
        _ when type.Contains("String") => "文本（\"…\"）",
        _ when type.Contains("Qingling.Core.") && !type.Contains("Definition") && !type.Contains("Input") => "可选的取值之一（文本）",
        _ => "对象（{…}）",
    };

    [GeneratedRegex(@"could not be converted to ([^\s.]+(?:\.[^\s.]+)*)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex Quoted();
}
