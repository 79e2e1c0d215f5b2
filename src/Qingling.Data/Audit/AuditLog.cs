using Qingling.Data.Database;

namespace Qingling.Data.Audit;

/// <summary>Adds a line to the trace (saved with the caller's next SaveChanges, inside its transaction).</summary>
public static class AuditLog
{
    /// <summary>Actions that record a reading, not a change: a view of ID numbers, a search by them, an export.</summary>
    public const string Viewed = "查看", Searched = "查找", Exported = "导出";

    /// <summary>Whether a trace line only records a reading (it changes no figure).</summary>
    public static bool IsReading(string action) => action is Viewed or Searched or Exported;

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
