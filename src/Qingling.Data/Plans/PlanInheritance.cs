using System.Text.Json;
using System.Text.Json.Nodes;
using Qingling.Core.Plans;

namespace Qingling.Data.Plans;

/// <summary>
/// A town's plan inherits its county's settings (the line, who counts, growth target, counting rules, microcredit,
/// monitoring lines, fund rules, rhythm) unless it sets them itself. Merged as the plan files are written: a setting the
/// town's file leaves out is taken from the county plan, an object (scope, microcredit, rhythm, monitoringLines) key by
/// key. What is the town's own stays the town's: its key, name, years, region, baseline, indicators, channels,
/// departments and 考核 scheme.
/// </summary>
public static class PlanInheritance
{
    /// <summary>The settings a town inherits, by their key in the plan file.</summary>
    public static readonly IReadOnlyList<string> Settings =
        ["incomeLine", "scope", "growthTarget", "incomeRules", "microcredit", "monitoringLines", "fundRules", "rhythm"];

    static readonly string[] MergedByKey = ["scope", "microcredit", "rhythm", "monitoringLines"];

    static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>A county plan: it names a county and no town.</summary>
    public static bool IsCountyPlan(PlanDefinition plan) => plan.Region.Town.Length == 0 && plan.Region.County.Length > 0;

    /// <summary>Whether <paramref name="county"/> is the county plan <paramref name="town"/> lies in (same province, city, county).</summary>
    public static bool Covers(PlanDefinition county, PlanDefinition town) =>
        IsCountyPlan(county) && town.Region.Town.Length > 0
        && (county.Region.Province, county.Region.City, county.Region.County) == (town.Region.Province, town.Region.City, town.Region.County);

    /// <summary>
    /// The town's file with what it leaves out taken from the county plan, and the settings (file keys) it took. The
    /// town's file is read as written (comments allowed); the county's as stored.
    /// </summary>
    public static (string Json, IReadOnlyList<string> Inherited) Merge(string countyJson, string townJson)
    {
        var county = JsonNode.Parse(countyJson, documentOptions: Reading)!.AsObject();
        var town = JsonNode.Parse(townJson, documentOptions: Reading)!.AsObject();
        var inherited = new List<string>();
        foreach (var key in Settings)
        {
            if (county[key] is not { } value) continue;
            if (!town.ContainsKey(key))
            {
                town[key] = value.DeepClone();
                inherited.Add(key);
            }
            else if (MergedByKey.Contains(key) && town[key] is JsonObject own && value is JsonObject theirs)
            {
                foreach (var (inner, v) in theirs)
                {
                    if (own.ContainsKey(inner)) continue;
                    own[inner] = v?.DeepClone();
                    inherited.Add($"{key}.{inner}");
                }
            }
        }
        return (town.ToJsonString(), inherited);
    }

    /// <summary>A setting's name as the plan page shows it.</summary>
    public static string Name(string key) => key.Split('.')[0] switch
    {
        "incomeLine" => "收入线",
        "scope" => key.EndsWith("includeMonitored", StringComparison.Ordinal) ? "是否含监测对象"
            : key.EndsWith("weakLabourCounts", StringComparison.Ordinal) ? "弱劳动力或半劳动力是否算有劳动力" : "对象范围",
        "growthTarget" => "增长目标",
        "incomeRules" => "收入口径",
        "microcredit" => "小额信贷规则",
        "monitoringLines" => "防返贫监测收入线",
        "fundRules" => "资金规则",
        "rhythm" => "研判与调度周期",
        _ => key,
    };
}
