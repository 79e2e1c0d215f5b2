using Qingling.Core.Measures;

namespace Qingling.Data.Measures;

/// <summary>A measure as a user writes it: household by 户编号, member by name or ID number, names not ids.</summary>
public sealed record MeasureInput
{
    public string Household { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>The member concerned: a name in the household, or the full ID number.</summary>
    public string? Member { get; init; }
    public string Department { get; init; } = "";
    public string ResponsiblePerson { get; init; } = "";
    public DateOnly Start { get; init; }
    public DateOnly End { get; init; }
    public decimal ExpectedGain { get; init; }
    /// <summary>工资性收入, 生产经营性收入, 财产性收入 or 转移性收入 (short forms accepted).</summary>
    public string GainCategory { get; init; } = "";
    public int PaysFromMonth { get; init; } = 1;
    public string Status { get; init; } = "planned";
    /// <summary>The date the status took effect; today when not given.</summary>
    public DateOnly? StatusOn { get; init; }
    public DateOnly? ConsentOn { get; init; }
    public string ConsentHow { get; init; } = "";
    /// <summary>For a declined proposal: why the household does not want it.</summary>
    public string? DeclineReason { get; init; }
    public string Evidence { get; init; } = "";
    public MeasureDetails Details { get; init; } = new();
}

/// <summary>A household's 一户一策 in a measures file: diagnosis, wishes and its measures.</summary>
public sealed record HouseholdPlanInput
{
    public string Household { get; init; } = "";
    public IReadOnlyList<string> Diagnosis { get; init; } = [];
    public string Wishes { get; init; } = "";
    public IReadOnlyList<MeasureInput> Measures { get; init; } = [];
}

/// <summary>A measure refused, with every reason.</summary>
public sealed class MeasureRejectedException(string where, IReadOnlyList<string> problems)
    : InvalidOperationException($"{where}：\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
