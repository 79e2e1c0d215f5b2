using System.Collections;

namespace Qingling.Core.Import;

/// <summary>
/// A row's cells read from the reader's buffer on demand: as text (a new string each time) or as a span
/// (no allocation). Valid only until the reader moves to the next row.
/// </summary>
public sealed class LazyCells(Func<int> count, Func<int, string> text, LazyCells.SpanOf span) : IReadOnlyList<string>
{
    public delegate ReadOnlySpan<char> SpanOf(int index);

    public int Count => count();
    public string this[int index] => text(index);
    public ReadOnlySpan<char> Span(int index) => span(index);

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
