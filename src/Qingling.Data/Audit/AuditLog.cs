using Qingling.Data.Database;

namespace Qingling.Data.Audit;

/// <summary>Adds a line to the trace (saved with the caller's next SaveChanges, inside its transaction).</summary>
public static class AuditLog
{
    public static AuditEntry Add(QinglingDbContext db, string actor, string action, string entity, string summary,
        long? entityId = null, long? householdId = null, string? before = null, string? after = null)
    {
        var entry = new AuditEntry
        {
            At = DateTime.UtcNow, Actor = actor, Action = action, Entity = entity, EntityId = entityId, HouseholdId = householdId,
            Summary = summary, Before = before, After = after,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
