namespace Qingling.Core.Income;

/// <summary>Where a ledger entry came from.</summary>
public enum IncomeSource { Import = 1, Manual = 2, Measure = 3 }

/// <summary>
/// One dated, attributed line of the income ledger. Totals and per-capita figures are always
/// derived from these, never typed in.
/// </summary>
public class IncomeEntry
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public int Year { get; set; }
    /// <summary>1–12 for a month's income; null for the whole year.</summary>
    public int? Month { get; set; }
    public IncomeCategory Category { get; set; }
    public string Subcategory { get; set; } = "";
    /// <summary>Yuan, 2 decimals, never negative: costs are their own category.</summary>
    public decimal Amount { get; set; }
    public IncomeSource Source { get; set; }
    /// <summary>For imports: the file name; the row is <see cref="SourceRow"/>.</summary>
    public string? SourceFile { get; set; }
    public int? SourceRow { get; set; }
    /// <summary>Who recorded it (user name, or the importing user).</summary>
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public long? ImportBatchId { get; set; }
    /// <summary>The verified measure this income came from, if any.</summary>
    public long? MeasureId { get; set; }
    public string? Note { get; set; }
    /// <summary>Why this entry is recorded but not counted in net income (one-off help, earmarked grants); null: it counts.</summary>
    public string? ExcludedReason { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}
