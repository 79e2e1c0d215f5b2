using Microsoft.EntityFrameworkCore;
using Qingling.Core.Rhythm;
using Qingling.Data.Database;

namespace Qingling.Data.Audit;

/// <summary>
/// The chain head line that review and quarterly packs print. A held pack prints the head as it stood when it was held
/// (the entry recording the hold, whose hash covers everything before), so a rewrite of the whole chain later no longer
/// matches the signed paper; a pack not held prints the head at the time of printing.
/// </summary>
public static class PackHead
{
    public static string Line(QinglingDbContext db, string planKey, ReviewKind kind, DateOnly date, Func<DateTime, string> time)
    {
        var held = db.Reviews.AsNoTracking().Where(r => r.PlanKey == planKey && r.Kind == kind && r.On == date).Select(r => (long?)r.Id).FirstOrDefault();
        if (held is { } id && TraceHead.OfReview(db, id) is { } atHold)
            return $"留痕链头（召开时）：第{atHold.Id}条（{time(atHold.At)}），哈希 {TraceHead.Prefix(atHold.Hash)}";
        return Now(db, time);
    }

    /// <summary>The head at the time of printing.</summary>
    public static string Now(QinglingDbContext db, Func<DateTime, string> time) => TraceHead.Read(db) is { } h
        ? $"留痕链头（打印时）：第{h.Id}条（{time(h.At)}），哈希 {TraceHead.Prefix(h.Hash)}"
        : "留痕链头：留痕为空";
}
