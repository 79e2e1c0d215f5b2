using Qingling.Core.Income;

namespace Qingling.Core.Rhythm;

/// <summary>村级动态排查: one round of a village over a period; every household of the village is to be visited.</summary>
public class ScreeningRound
{
    public long Id { get; set; }
    public string PlanKey { get; set; } = "";
    public long VillageId { get; set; }
    public string Name { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>入户走访: who visited, what changed, the risks found and the household's own words.</summary>
public class Visit
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    public long HouseholdId { get; set; }
    public DateOnly On { get; set; }
    public string Visitors { get; set; } = "";
    /// <summary>What changed (members, work, income), in the visitor's words.</summary>
    public string Changes { get; set; } = "";
    /// <summary>New risks found, from <see cref="Households.Vocabulary.Risks"/>, joined with 、.</summary>
    public string RisksFound { get; set; } = "";
    public string HouseholdWords { get; set; } = "";
    /// <summary>Expected change of yearly income the visit found (signed, yuan), e.g. a lost job; 0 when none.</summary>
    public decimal ExpectedChange { get; set; }
    public IncomeCategory ExpectedChangeCategory { get; set; } = IncomeCategory.Wage;
    /// <summary>The month of the plan year from which the change applies.</summary>
    public int ExpectedChangeFromMonth { get; set; } = 1;
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}
