namespace Qingling.Data.Import;

/// <summary>One accepted import of a file: rows written carry its id, so the trace names their source.</summary>
public class ImportBatch
{
    public long Id { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public int Year { get; set; }
    public string Actor { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
    public int Rows { get; set; }
    public int HouseholdsAdded { get; set; }
    public int HouseholdsUpdated { get; set; }
    public int MembersAdded { get; set; }
    public int MembersUpdated { get; set; }
    public int MembersLeft { get; set; }
    public int IncomeHouseholdsChanged { get; set; }
    public int IncomeEntriesAdded { get; set; }
    public int Warnings { get; set; }
}
