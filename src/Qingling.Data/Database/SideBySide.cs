using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Qingling.Data.Database;

/// <summary>
/// Runs independent reads side by side, each on a context (and connection) of its own: a county's figures are a few
/// large aggregate queries that each keep one core busy in the database engine, and a machine has more than one.
/// Inside a transaction the reads run one after the other on the caller's context, the only one that sees its writes.
/// </summary>
public static class SideBySide
{
    public static void Run(QinglingDbContext db, params Action<QinglingDbContext>[] reads)
    {
        var connection = db.Database.GetConnectionString() ?? "";
        if (db.Database.CurrentTransaction is not null || reads.Length < 2 || connection.Contains(":memory:", StringComparison.OrdinalIgnoreCase)
            || connection.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var read in reads) read(db);
            return;
        }
        var options = (DbContextOptions<QinglingDbContext>)db.GetService<IDbContextOptions>();
        // Taken one at a time in the given order as a worker frees up: with more reads than cores, the next read goes to
        // whichever finished first (a fixed split could give one worker both long reads).
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(reads, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering), read =>
        {
            // Its own connection, everything else as the caller's (the same options, interceptors and digest key).
            using var own = new QinglingDbContext(options) { DigestKey = db.DigestKey };
            if (own.Database.IsNpgsql())
            {
                // The reads already keep the cores busy side by side, so PostgreSQL is asked not to split each one over
                // workers of its own as well. Its parallel plan for a ledger grouped per household sorts in every worker,
                // ships each worker's numeric sums to the leader and merges them there, one process: at 250,000 households
                // the two years' ledger reads took 2.97 s side by side that way and 2.33 s each in one process, and
                // `progress` 6.69 s against 5.97 s. The setting is the connection's for this read only: it is held open
                // for it and reset after it (the pool would reset it too, unless told not to or behind a pooler of its own).
                own.Database.OpenConnection();
                own.Database.ExecuteSqlRaw("SET max_parallel_workers_per_gather = 0");
                try
                {
                    read(own);
                }
                finally
                {
                    // A connection the read broke is not reused: its failure is the one to report, not this.
                    try { own.Database.ExecuteSqlRaw("RESET max_parallel_workers_per_gather"); }
                    catch (System.Data.Common.DbException) { }
                    catch (InvalidOperationException) { }
                }
                return;
            }
            read(own);
        });
    }
}
