using Microsoft.EntityFrameworkCore;
using Qingling.Data.Database;
using Qingling.Tests.Support;

namespace Qingling.Tests.Operations;

/// <summary>
/// Independent reads run side by side on contexts of their own, which see what is committed; inside a transaction they
/// run on the caller's context, the only one that sees the transaction's own writes.
/// </summary>
public class SideBySideTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void Reads_run_on_their_own_contexts_outside_a_transaction_and_on_the_callers_inside_one(string provider)
    {
        using var database = new TestDatabase(provider);
        using var db = database.Store.CreateContext();
        db.Settings.Add(new Setting { Key = "side-by-side-committed", Value = "1" });
        db.SaveChanges();

        var contexts = new System.Collections.Concurrent.ConcurrentBag<QinglingDbContext>();
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        void Read(QinglingDbContext c)
        {
            contexts.Add(c);
            seen.Add(c.Settings.Count(s => s.Key.StartsWith("side-by-side-")));
        }
        SideBySide.Run(db, Read, Read);
        Assert.Equal(2, contexts.Distinct().Count());
        Assert.DoesNotContain(db, contexts);
        Assert.All(contexts, c => Assert.Equal(db.DigestKey, c.DigestKey));
        Assert.Equal([1, 1], seen);

        contexts.Clear();
        seen.Clear();
        using (db.Database.BeginTransaction())
        {
            db.Settings.Add(new Setting { Key = "side-by-side-uncommitted", Value = "2" });
            db.SaveChanges();
            SideBySide.Run(db, Read, Read);
        }
        Assert.All(contexts, c => Assert.Same(db, c));
        Assert.Equal([2, 2], seen);
    }
}
