using Qingling.Core.Households;

namespace Qingling.Core.Targets;

/// <summary>
/// Who the plan must bring over the line: households of the given types, with labour,
/// whose per-capita net income is strictly under the line. Every figure is a setting.
/// </summary>
public sealed record TargetRule(decimal IncomeLine = 10_000m, bool WeakLabourCounts = false, bool IncludeMonitored = false)
{
    /// <summary>普通 or 技能劳动力 always count; 弱劳动力或半劳动力 only when the setting says so.</summary>
    public bool IsLabour(LabourCapacity capacity) =>
        capacity is LabourCapacity.Ordinary or LabourCapacity.Skilled || (WeakLabourCounts && capacity == LabourCapacity.Weak);

    /// <summary>脱贫户 always; a monitored ordinary household only when the plan includes 监测对象.</summary>
    public bool InScope(HouseholdType type, MonitoringCategory? monitoring) =>
        type == HouseholdType.ExitedPoverty || (IncludeMonitored && monitoring is not null);

    /// <summary>Who is counted, in words for titles: 有劳动力脱贫户, widened as the settings say.</summary>
    public string Population =>
        (WeakLabourCounts ? "有劳动力（含弱劳动力或半劳动力）的" : "有劳动力") + (IncludeMonitored ? "脱贫户和监测对象" : "脱贫户");

    /// <summary>Strictly under the line, compared on the rounded per-capita figure.</summary>
    public bool IsUnderLine(decimal perCapita) => perCapita < IncomeLine;
}
