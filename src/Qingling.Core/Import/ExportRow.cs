using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Import;

/// <summary>
/// The household's columns of an export row. They are repeated on every member row, so consecutive rows
/// of one household with the same cells share one parsed instance.
/// </summary>
public sealed class ExportHousehold
{
    public int Year { get; init; }
    public string Province { get; init; } = "";
    public string City { get; init; } = "";
    public string County { get; init; } = "";
    public string Town { get; init; } = "";
    public string Village { get; init; } = "";
    public string? VillageCode { get; init; }
    public string? Group { get; init; }
    public string Code { get; init; } = "";
    public HouseholdType Type { get; init; }
    public MonitoringCategory? Monitoring { get; init; }
    public int? ExitYear { get; init; }
    public int? StatedPersons { get; init; }
    public string Risks { get; init; } = "";
    public string? Phone { get; init; }
    public string? AssignedUnit { get; init; }
    public string? WorkTeam { get; init; }
    public string? Cadre { get; init; }
    public decimal? StatedNetIncome { get; init; }
    public decimal? StatedPerCapita { get; init; }
    /// <summary>Ledger lines of the household for the year: category, subcategory, amount (no zero lines).</summary>
    public IReadOnlyList<(IncomeCategory Category, string Subcategory, decimal Amount)> Income { get; init; } = [];
    /// <summary>FNV-1a of the household's cells as written, so rows of one household that disagree are caught.</summary>
    public ulong Fingerprint { get; init; }

    /// <summary>Net income of the household by the official formula, from its ledger lines.</summary>
    public decimal NetIncome
    {
        get
        {
            decimal net = 0;
            foreach (var (category, _, amount) in Income) net += category == IncomeCategory.ProductionCost ? -amount : amount;
            return net;
        }
    }
}

/// <summary>One member row of an export, parsed and checked, with its household's columns.</summary>
public sealed class ExportRow
{
    public int Row { get; init; }
    public ExportHousehold Household { get; init; } = new();
    public int Year => Household.Year;
    public string Province => Household.Province;
    public string City => Household.City;
    public string County => Household.County;
    public string Town => Household.Town;
    public string Village => Household.Village;
    public string? VillageCode => Household.VillageCode;
    public string? Group => Household.Group;
    public string HouseholdCode => Household.Code;
    public HouseholdType Type => Household.Type;
    public MonitoringCategory? Monitoring => Household.Monitoring;
    public int? ExitYear => Household.ExitYear;
    public string Risks => Household.Risks;
    public string? Phone => Household.Phone;
    public string? AssignedUnit => Household.AssignedUnit;
    public string? WorkTeam => Household.WorkTeam;
    public string? Cadre => Household.Cadre;
    public IReadOnlyList<(IncomeCategory Category, string Subcategory, decimal Amount)> Income => Household.Income;

    public string Name { get; init; } = "";
    /// <summary>The normalised, validated ID number (kept only while the row is processed).</summary>
    public string IdNumber { get; init; } = "";
    public string Relation { get; init; } = "";
    public Sex Sex { get; init; }
    public DateOnly BirthDate { get; init; }
    public string? Ethnicity { get; init; }
    public string? Education { get; init; }
    public string? SchoolStatus { get; init; }
    public string? Health { get; init; }
    public string? Disability { get; init; }
    public LabourCapacity Labour { get; init; }
    public string? WorkStatus { get; init; }
    public int? MonthsWorked { get; init; }

    public bool IsHead => Relation == Member.HeadRelation;
}
