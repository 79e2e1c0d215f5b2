namespace Qingling.Core.Assessment;

/// <summary>
/// 考核细则 as plan data: how often units are scored and, per kind of unit, the items (what each measures and its
/// points). The seed puts the campaign into the assessment of village committees, 挂包站所 and 驻村工作队, and the
/// town's departments answer for their channels; the rules of each live in the plan, never in code.
/// </summary>
public sealed record AssessmentDefinition
{
    /// <summary>month, quarter or year.</summary>
    public string Period { get; init; } = "quarter";
    public IReadOnlyList<ScorecardDefinition> Scorecards { get; init; } = [];
    /// <summary>
    /// 逾期提级: a measure or task overdue by more than this many days is listed apart in the review pack and on the 督办
    /// board, with its owner, for the town to take up itself; null when the plan sets none.
    /// </summary>
    public int? EscalateAfterDays { get; init; }

    public ScorecardDefinition? For(UnitKind kind) => Scorecards.FirstOrDefault(s => s.Units.Any(u => UnitKinds.Parse(u) == kind));
    public IReadOnlyList<UnitKind> UnitKindsAssessed =>
        Scorecards.SelectMany(s => s.Units).Select(UnitKinds.Parse).OfType<UnitKind>().Distinct().Order().ToList();
}

/// <summary>One scheme (e.g. 村（社区）考核细则) and the kinds of unit it scores.</summary>
public sealed record ScorecardDefinition
{
    public string Name { get; init; } = "";
    /// <summary>village, assignedUnit, workTeam, department.</summary>
    public IReadOnlyList<string> Units { get; init; } = [];
    public IReadOnlyList<AssessmentItem> Items { get; init; } = [];
}

/// <summary>
/// An item: a measurable kind and its points. A ratio item earns points × counted ÷ due; a deduction item
/// (integrity alerts) takes <see cref="PerCase"/> points per case, at most <see cref="Points"/>.
/// </summary>
public sealed record AssessmentItem
{
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>One of <see cref="ItemKinds.All"/>.</summary>
    public string Kind { get; init; } = "";
    public decimal Points { get; init; }
    /// <summary>Points taken per case, for a deduction item.</summary>
    public decimal? PerCase { get; init; }

    public bool IsDeduction => ItemKinds.IsDeduction(Kind);
}

/// <summary>The kinds of unit assessed: 村（社区）, 挂包单位, 驻村工作队, 镇级责任单位.</summary>
public enum UnitKind { Village = 1, AssignedUnit = 2, WorkTeam = 3, Department = 4 }

public static class UnitKinds
{
    static readonly (UnitKind Kind, string Json, string Cli, string Name)[] Table =
    [
        (UnitKind.Village, "village", "village", "村（社区）"),
        (UnitKind.AssignedUnit, "assignedUnit", "assigned-unit", "挂包单位"),
        (UnitKind.WorkTeam, "workTeam", "work-team", "驻村工作队"),
        (UnitKind.Department, "department", "department", "镇级责任单位"),
    ];

    public static IReadOnlyList<string> JsonKeys => Table.Select(t => t.Json).ToList();
    public static IReadOnlyList<string> CliKeys => Table.Select(t => t.Cli).ToList();

    /// <summary>Accepts the plan's key (assignedUnit), the command line's (assigned-unit) or the Chinese name.</summary>
    public static UnitKind? Parse(string text)
    {
        var t = text.Trim();
        foreach (var row in Table) if (row.Json == t || row.Cli == t || row.Name == t) return row.Kind;
        return null;
    }

    public static string Key(UnitKind kind) => Table.First(t => t.Kind == kind).Cli;
    public static string Name(UnitKind kind) => Table.First(t => t.Kind == kind).Name;
}

/// <summary>What an item can measure: each a count of facts already recorded, so every point traces to them.</summary>
public static class ItemKinds
{
    /// <summary>Households of the unit in the campaign (一户一策 or under the line) that are projected over the line at the period's end.</summary>
    public const string TargetsOverLine = "targetsOverLine";
    /// <summary>Measures whose start date has come that have actually started (under way or further).</summary>
    public const string MeasuresStarted = "measuresStarted";
    /// <summary>Measures whose end date has come that were done by that date.</summary>
    public const string MeasuresDoneOnTime = "measuresDoneOnTime";
    /// <summary>Measures done that are verified with the income actually gained (实物工作量与增收成效相对应).</summary>
    public const string MeasuresVerified = "measuresVerified";
    /// <summary>The unit's households visited in the period (村级动态排查 covers every household).</summary>
    public const string HouseholdsVisited = "householdsVisited";
    /// <summary>Tasks owned by the unit, due by the period's end, done by their due date.</summary>
    public const string TasksOnTime = "tasksOnTime";
    /// <summary>一户一策 with the household's wishes written down and consent recorded for every live measure.</summary>
    public const string HouseholdPlansComplete = "householdPlansComplete";
    /// <summary>Integrity alerts (数字增收 疑点) on the unit's households: a deduction.</summary>
    public const string IntegrityAlerts = "integrityAlerts";
    /// <summary>
    /// 数据按时报送: for each screening round of the village due in the period, each household of the village whose visit
    /// of that round was recorded (entered into the system) by the round's last day.
    /// </summary>
    public const string DataOnTime = "dataOnTime";

    public static readonly IReadOnlyList<string> All =
        [TargetsOverLine, MeasuresStarted, MeasuresDoneOnTime, MeasuresVerified, HouseholdsVisited, TasksOnTime, HouseholdPlansComplete, IntegrityAlerts, DataOnTime];

    public static bool IsDeduction(string kind) => kind == IntegrityAlerts;

    public static string Name(string kind) => kind switch
    {
        TargetsOverLine => "清零对象预计年底超过收入线",
        MeasuresStarted => "帮扶措施按期启动",
        MeasuresDoneOnTime => "帮扶措施按期完成",
        MeasuresVerified => "完成的措施以实际收入核实",
        HouseholdsVisited => "动态排查入户走访",
        TasksOnTime => "研判任务按期办结",
        HouseholdPlansComplete => "一户一策记录群众意愿并经本人同意",
        IntegrityAlerts => "诚信预警查实（数字增收）扣分",
        DataOnTime => "数据按时报送",
        _ => kind,
    };

    /// <summary>
    /// The kinds of unit a kind of item can be counted for. Measures belong to a department and a village (各村负责组织落实);
    /// tasks have a department or a village as owner; visits and households belong to a village, an assigned unit and a work
    /// team, while a department has no households of its own to visit.
    /// </summary>
    public static IReadOnlyList<UnitKind> AppliesTo(string kind) => kind switch
    {
        MeasuresStarted or MeasuresDoneOnTime or MeasuresVerified or TasksOnTime => [UnitKind.Village, UnitKind.Department],
        HouseholdsVisited => [UnitKind.Village, UnitKind.AssignedUnit, UnitKind.WorkTeam],
        // Screening rounds are the village's own: only the village answers for returning their data.
        DataOnTime => [UnitKind.Village],
        _ => [UnitKind.Village, UnitKind.AssignedUnit, UnitKind.WorkTeam, UnitKind.Department],
    };
}
