namespace Qingling.Data.Assessment;

/// <summary>
/// A closed period's scorecards as they were when the half-monthly review that closed it was held: recomputing a closed
/// period reads these, so later corrections cannot rewrite a result already announced.
/// </summary>
public class FrozenScorecard
{
    public long Id { get; set; }
    public string PlanKey { get; set; } = "";
    /// <summary>The period's key: 2023Q2, 2023-05, 2023.</summary>
    public string Period { get; set; } = "";
    /// <summary>The held review that closed the period.</summary>
    public long ReviewId { get; set; }
    /// <summary>Every unit's scorecard, JSON.</summary>
    public string Scores { get; set; } = "";
    public DateTime FrozenAt { get; set; }
}
