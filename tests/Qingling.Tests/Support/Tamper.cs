using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Tests.Support;

/// <summary>Changes made outside the application, for the tests that check the verifier finds and names them.</summary>
public static class Tamper
{
    /// <summary>
    /// Makes a change outside the application until the changed field's tag in the row digest differs. The verifier
    /// names a changed field by a keyed one-byte tag per column, so about one change in 256 keeps its field's tag and is
    /// reported as a changed row without the field (the row is still caught). Such a change is made again, with another
    /// value, so that every run checks what its test is about: that the field is named. Without this, a test naming the
    /// field failed in about one run in 256 (the key file, and so the tags, are new in every run).
    /// </summary>
    public static void Visibly(QinglingDbContext db, TestDatabase town, Type entity, Func<object, bool> isRow, string column, Action<int> change)
    {
        var shape = RowDigest.For(db.Model.FindEntityType(entity)!)!;
        var key = DigestKeys.For(town.Options)!;
        for (var attempt = 1; ; attempt++)
        {
            change(attempt);
            var row = TraceChain.Rows(db, entity).Single(isRow);
            var stored = (byte[]?)entity.GetProperty("Digest")!.GetValue(row);
            if (RowDigest.Mismatch(shape, stored, RowDigest.Of(shape, key, row)) is { } fields && fields.Contains(column)) return;
            Assert.True(attempt < 20, $"{shape.Table}.{column}: after {attempt} changes the field's tag never differed");
        }
    }

    /// <summary>The text of a change's attempt: the first as the test always wrote it, then numbered.</summary>
    public static string Attempt(string text, int attempt) => attempt == 1 ? text : $"{text}（{attempt}）";
}
