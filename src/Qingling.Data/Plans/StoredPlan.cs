namespace Qingling.Data.Plans;

/// <summary>A loaded plan: its definition kept as the JSON it was loaded from, checked on the way in.</summary>
public class StoredPlan
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public int Year { get; set; }
    public string Definition { get; set; } = "";
    public DateTime LoadedAt { get; set; }
    public string LoadedBy { get; set; } = "";
}
