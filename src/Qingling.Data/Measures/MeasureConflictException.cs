namespace Qingling.Data.Measures;

/// <summary>
/// A change made against a measure someone else changed in the meantime: refused whole, so nobody's change
/// is silently overwritten; the caller shows the message and the user retries on the current state.
/// </summary>
public sealed class MeasureConflictException(long measureId, string now)
    : InvalidOperationException($"措施#{measureId}刚被他人修改（现为“{now}”），本次修改未保存：请刷新后按现在的状态重新操作")
{
    public long MeasureId { get; } = measureId;
}
