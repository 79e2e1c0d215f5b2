namespace Qingling.Core.Households;

/// <summary>劳动技能 of a member, as the national records classify it.</summary>
public enum LabourCapacity { Ordinary = 1, Skilled = 2, Weak = 3, Lost = 4, None = 5 }

/// <summary>户类型.</summary>
public enum HouseholdType { ExitedPoverty = 1, Ordinary = 2 }

/// <summary>监测对象类别; a household that is not monitored has none.</summary>
public enum MonitoringCategory { Unstable = 1, Marginal = 2, SuddenHardship = 3 }

/// <summary>性别.</summary>
public enum Sex { Male = 1, Female = 2 }

/// <summary>
/// The Chinese terms users read and the national exports write, mapped to the code's names.
/// Parsing accepts the common variants seen in exports; display always uses the first name.
/// </summary>
public static class Vocabulary
{
    static readonly (LabourCapacity Value, string[] Names)[] Labour =
    [
        (LabourCapacity.Ordinary, ["普通劳动力"]),
        (LabourCapacity.Skilled, ["技能劳动力"]),
        (LabourCapacity.Weak, ["弱劳动力或半劳动力", "弱劳动力", "半劳动力"]),
        (LabourCapacity.Lost, ["丧失劳动力"]),
        (LabourCapacity.None, ["无劳动力"]),
    ];

    static readonly (HouseholdType Value, string[] Names)[] Types =
    [
        (HouseholdType.ExitedPoverty, ["脱贫户", "脱贫不享受政策户", "脱贫享受政策户"]),
        (HouseholdType.Ordinary, ["一般农户", "一般户"]),
    ];

    static readonly (MonitoringCategory Value, string[] Names)[] Monitoring =
    [
        (MonitoringCategory.Unstable, ["脱贫不稳定户"]),
        (MonitoringCategory.Marginal, ["边缘易致贫户"]),
        (MonitoringCategory.SuddenHardship, ["突发严重困难户"]),
    ];

    static readonly (Sex Value, string[] Names)[] Sexes = [(Sex.Male, ["男"]), (Sex.Female, ["女"])];

    /// <summary>致贫/返贫风险 as the national system names them.</summary>
    public static readonly IReadOnlyList<string> Risks =
        ["因病", "因学", "因残", "因自然灾害", "因意外事故", "因产业失败", "因务工就业不稳", "缺劳动力", "因安全住房", "因安全饮水", "其他"];

    public static bool TryParseLabour(string text, out LabourCapacity value) => TryParse(Labour, text, out value);
    public static bool TryParseHouseholdType(string text, out HouseholdType value) => TryParse(Types, text, out value);
    public static bool TryParseMonitoring(string text, out MonitoringCategory value) => TryParse(Monitoring, text, out value);
    public static bool TryParseSex(string text, out Sex value) => TryParse(Sexes, text, out value);

    public static string Name(LabourCapacity value) => NameOf(Labour, value);
    public static string Name(HouseholdType value) => NameOf(Types, value);
    public static string Name(MonitoringCategory value) => NameOf(Monitoring, value);
    public static string Name(Sex value) => NameOf(Sexes, value);

    /// <summary>Accepted spellings of labour capacity, for error messages.</summary>
    public static string LabourNames => string.Join("、", Labour.Select(l => l.Names[0]));
    public static string HouseholdTypeNames => string.Join("、", Types.Select(l => l.Names[0]));
    public static string MonitoringNames => string.Join("、", Monitoring.Select(l => l.Names[0]));

    static bool TryParse<T>((T Value, string[] Names)[] table, string text, out T value) where T : struct
    {
        var trimmed = text.Trim();
        foreach (var (v, names) in table)
        {
            if (Array.IndexOf(names, trimmed) >= 0) { value = v; return true; }
        }
        value = default;
        return false;
    }

    static string NameOf<T>((T Value, string[] Names)[] table, T value) where T : struct
    {
        foreach (var (v, names) in table)
        {
            if (EqualityComparer<T>.Default.Equals(v, value)) return names[0];
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }
}
