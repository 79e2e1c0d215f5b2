namespace Qingling.Core.Integrity;

/// <summary>
/// One 数字增收 warning: a household whose figures look written rather than earned. The reason carries the figures
/// that triggered it; the evidence says what the record shows for and against, so a cadre can explain or confirm it.
/// </summary>
public sealed record IntegrityAlert(string HouseholdCode, string Village, string Kind, string Reason, string Evidence)
{
    public string KindName => IntegrityKinds.Name(Kind);
    /// <summary>Tells apart two alerts of one kind in one household-year (the ledger entries or measures it names); empty for most kinds.</summary>
    public string EvidenceKey { get; init; } = "";
}

/// <summary>The stable English keys of the alert kinds, and their Chinese names.</summary>
public static class IntegrityKinds
{
    public const string JustOverLine = "just-over-line";
    public const string CopyPaste = "copy-paste";
    public const string RoundNumbers = "round-numbers";
    public const string UnexplainedJump = "unexplained-jump";
    public const string ProductionNoCost = "production-no-cost";
    public const string IndustryHelpNoProduction = "industry-help-no-production";
    public const string EmploymentHelpNoWage = "employment-help-no-wage";
    public const string DibaoNoTransfer = "dibao-no-transfer";
    public const string LabourOnlyTransfers = "labour-only-transfers";
    public const string StatedTotals = "stated-totals";
    public const string BackDated = "back-dated-entry";
    public const string MeasureAboveExpected = "measure-above-expected";

    public static readonly IReadOnlyList<string> All =
    [
        JustOverLine, CopyPaste, RoundNumbers, UnexplainedJump, ProductionNoCost,
        IndustryHelpNoProduction, EmploymentHelpNoWage, DibaoNoTransfer, LabourOnlyTransfers,
        StatedTotals, BackDated, MeasureAboveExpected,
    ];

    public static string Name(string kind) => kind switch
    {
        JustOverLine => "刚过收入线",
        CopyPaste => "收入数据雷同",
        RoundNumbers => "收入均为整数",
        UnexplainedJump => "收入无故大涨",
        ProductionNoCost => "有生产经营性收入无支出",
        IndustryHelpNoProduction => "有产业帮扶无生产经营性收入",
        EmploymentHelpNoWage => "有就业帮扶或公益岗位无工资性收入",
        DibaoNoTransfer => "享受低保特困无转移性收入",
        LabourOnlyTransfers => "有劳动力户仅有政策性转移收入",
        StatedTotals => "纯收入或人均纯收入与公式不符",
        BackDated => "补录进已研判期间",
        MeasureAboveExpected => "措施核实收入远超预期",
        _ => kind,
    };

    /// <summary>Accepts the key or the Chinese name.</summary>
    public static string? Parse(string text)
    {
        var t = text.Trim();
        return All.FirstOrDefault(k => k == t || Name(k) == t);
    }
}
