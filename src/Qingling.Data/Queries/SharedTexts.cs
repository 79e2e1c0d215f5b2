using Qingling.Core.Households;

namespace Qingling.Data.Queries;

/// <summary>
/// One copy of each distinct text of the register's few-valued columns (relation, work status, school status, health):
/// the database hands out a new string per row, and a million members would keep four million copies of a dozen words.
/// </summary>
sealed class SharedTexts
{
    readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public string? Of(string? text) => text is null ? null : _texts.TryGetValue(text, out var known) ? known : _texts[text] = text;

    /// <summary>The member-year row with its texts shared, before it becomes a member.</summary>
    public MemberYearFacts Share(MemberYearFacts m)
    {
        m.RelationToHead = Of(m.RelationToHead)!;
        (m.WorkStatus, m.SchoolStatus, m.Health) = (Of(m.WorkStatus), Of(m.SchoolStatus), Of(m.Health));
        return m;
    }
}
