using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Demo;

/// <summary>A made-up member; the ID number uses address code 99xxxx, which no real person has.</summary>
public sealed record GeneratedMember(
    string Name, string IdNumber, string Relation, Sex Sex, DateOnly BirthDate, string Ethnicity, string Education,
    string SchoolStatus, string Health, string Disability, LabourCapacity Labour, string WorkStatus, int MonthsWorked);

/// <summary>A made-up household with its members and a year's income lines.</summary>
public sealed record GeneratedHousehold(
    string Code, string Province, string City, string County, string Town, string Village, string VillageCode, string Group,
    HouseholdType Type, MonitoringCategory? Monitoring, int? ExitYear, string Risks, string Phone,
    string AssignedUnit, string WorkTeam, string Cadre, int Year,
    IReadOnlyList<GeneratedMember> Members, IReadOnlyList<(IncomeCategory Category, string Subcategory, decimal Amount)> Income)
{
    public decimal Total(IncomeCategory category) => Income.Where(l => l.Category == category).Sum(l => l.Amount);
    public decimal NetIncome => IncomeCategories.All.Sum(c => c == IncomeCategory.ProductionCost ? -Total(c) : Total(c));
    public decimal PerCapita => Money.Round(NetIncome / Members.Count);
    /// <summary>The 纯收入 the export writes: the formula's unless a planted anomaly states another.</summary>
    public decimal? StatedNet { get; init; }
    /// <summary>The 人均纯收入 the export writes: the formula's unless a planted anomaly states another.</summary>
    public decimal? StatedPerCapita { get; init; }
}
