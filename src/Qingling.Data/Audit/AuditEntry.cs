namespace Qingling.Data.Audit;

/// <summary>
/// One recorded change: who, when, what, before and after. The table is append-only:
/// database triggers refuse UPDATE and DELETE on it, and each entry is chained to the one before by its
/// hash (<see cref="TraceChain"/>), so a change made with the triggers dropped is found.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    /// <summary>新增 / 修改 / 删除 / 导入 / 迁出 …</summary>
    public string Action { get; set; } = "";
    /// <summary>户 / 成员 / 收入 / 导入批次.</summary>
    public string Entity { get; set; } = "";
    public long? EntityId { get; set; }
    public long? HouseholdId { get; set; }
    public string Summary { get; set; } = "";
    /// <summary>JSON of the values before the change (sensitive fields masked), null for an insert.</summary>
    public string? Before { get; set; }
    /// <summary>JSON of the values after the change, null for a delete.</summary>
    public string? After { get; set; }
    public long? ImportBatchId { get; set; }
    /// <summary>SHA-256 (hex) over this entry's canonical content and <see cref="PrevHash"/>.</summary>
    public string? Hash { get; set; }
    /// <summary>The previous entry's hash (empty for the first entry).</summary>
    public string? PrevHash { get; set; }
}
