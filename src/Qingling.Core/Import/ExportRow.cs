using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Import;

/// <summary>One member row of an export, parsed and checked; household columns are repeated on every row.</summary>
public sealed class ExportRow
{
    public int Row { get; init; }
    public int Year { get; init; }
    public string Province { get; init; } = "";
    public string City { get; init; } = "";
    public string County { get; init; } = "";
    public string Town { get; init; } = "";
    public string Village { get; init; } = "";
    public string? VillageCode { get; init; }
    public string? Group { get; init; }
    public string HouseholdCode { get; init; } = "";
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

    /// <summary>Net income of the household by the official formula, from the row's ledger lines.</summary>
    public decimal NetIncome()
    {
        decimal net = 0;
        foreach (var (category, _, amount) in Income) net += category == IncomeCategory.ProductionCost ? -amount : amount;
        return net;
    }

    /// <summary>
    /// A fingerprint of the columns that belong to the household, so rows of one household
    /// that disagree are caught (FNV-1a, 64-bit; stable within a run).
    /// </summary>
    public ulong HouseholdFingerprint()
    {
        var h = 14695981039346656037UL;
        void Mix(string? s)
        {
            foreach (var c in s ?? "\0") { h ^= c; h *= 1099511628211UL; }
            h ^= 0x1F; h *= 1099511628211UL;
        }
        Mix(Village); Mix(Group); Mix(Town); Mix(County); Mix(((int)Type).ToString()); Mix(Monitoring?.ToString());
        Mix(ExitYear?.ToString()); Mix(StatedPersons?.ToString()); Mix(Risks); Mix(Phone); Mix(AssignedUnit); Mix(WorkTeam); Mix(Cadre);
        Mix(Year.ToString());
        foreach (var (c, s, a) in Income) { Mix(((int)c).ToString()); Mix(s); Mix(Money.Invariant(a)); }
        return h;
    }
}
