namespace Qingling.Core.Income;

/// <summary>
/// The one rule for sources. A year's annual record (the national export of that year) is the official figure
/// for the year; in-year entries (monthly, visits, verified measures) feed the projection until it arrives, and
/// afterwards are shown beside it, never added to it — otherwise half a year would be counted twice.
/// </summary>
public static class LedgerSources
{
    /// <summary>Whether an entry counts toward the year's figures, given whether the household's annual record for the year exists.</summary>
    public static bool Counts(IncomeSource source, bool hasAnnualRecord) => !hasAnnualRecord || source == IncomeSource.Import;

    /// <summary>The entries of <paramref name="year"/> that make the year's figures.</summary>
    public static IEnumerable<IncomeEntry> Official(IEnumerable<IncomeEntry> entries, int year, bool hasAnnualRecord) =>
        entries.Where(e => e.Year == year && Counts(e.Source, hasAnnualRecord));
}
