namespace Qingling.Data.Plans;

/// <summary>
/// One household of a plan's baseline target list, frozen at the plan's start: the indicators that count the
/// baseline (coverage, training, jobs, loans) use this list, so a later correction of the baseline year's data
/// cannot move them. Refreezing is explicit and traced.
/// </summary>
public class BaselineHousehold
{
    public long Id { get; set; }
    public string PlanKey { get; set; } = "";
    public long HouseholdId { get; set; }
    public string HouseholdCode { get; set; } = "";
    public string Village { get; set; } = "";
    /// <summary>Persons in the baseline year.</summary>
    public int Persons { get; set; }
    /// <summary>Per-capita net income in the baseline year, yuan.</summary>
    public decimal PerCapitaNetIncome { get; set; }
    /// <summary>The members counted in the baseline year, ids joined with commas.</summary>
    public string MemberIds { get; set; } = "";
    public DateTime FrozenAt { get; set; }
    public string FrozenBy { get; set; } = "";

    public IEnumerable<long> Members => MemberIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse);
}
