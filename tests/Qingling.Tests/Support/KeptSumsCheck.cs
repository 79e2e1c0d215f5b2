using Qingling.Data.Database;

namespace Qingling.Tests.Support;

/// <summary>Whether PostgreSQL's kept sums (<see cref="KeptSums"/>) still equal the rows they sum.</summary>
public static class KeptSumsCheck
{
    /// <summary>The first (table, household, year) whose kept sums differ from their rows; SQLite keeps none, so none there.</summary>
    public static List<string> Drift(QinglingDbContext c) => KeptSums.Drift(c, 10).First.Select(d => $"{d.Kept} {d.HouseholdId} {d.Year}").ToList();

    public static void AssertNone(Store store)
    {
        using var c = store.CreateContext();
        var drift = Drift(c);
        Assert.True(drift.Count == 0, "kept sums differ from their rows: " + string.Join("; ", drift));
    }
}
