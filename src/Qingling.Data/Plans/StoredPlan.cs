namespace Qingling.Data.Plans;

/// <summary>A loaded plan: its definition kept as the JSON it was loaded from, checked on the way in.</summary>
public class StoredPlan
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public int Year { get; set; }
    /// <summary>The plan in effect (for a town under a county plan: its own file with the county's settings it leaves out).</summary>
    public string Definition { get; set; } = "";
    /// <summary>The plan file as loaded, when it is a town's: what it sets itself, kept so a change of the county plan can be re-applied.</summary>
    public string? Own { get; set; }
    public DateTime LoadedAt { get; set; }
    public string LoadedBy { get; set; } = "";
}
