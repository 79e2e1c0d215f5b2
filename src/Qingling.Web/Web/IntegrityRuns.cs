using Qingling.Core.Integrity;
using Qingling.Data.Database;
using Qingling.Data.Integrity;

namespace Qingling.Web.Web;

/// <summary>
/// Runs the town's integrity checks for the pages, and counts the runs: the checks read the whole town, so pages take
/// them through the figures cache (<see cref="PlanContext.Integrity"/>), and the count shows that a page answered from it.
/// </summary>
public sealed class IntegrityRuns
{
    long _count;

    /// <summary>How many times the checks have run in this process.</summary>
    public long Count => Interlocked.Read(ref _count);

    public IntegrityReport Run(Store store, int year, decimal line)
    {
        Interlocked.Increment(ref _count);
        using var db = store.CreateContext();
        return IntegrityQuery.Run(db, year, new IntegritySettings { Line = line });
    }
}
