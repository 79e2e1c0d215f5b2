using Qingling.Data.Database;
using Qingling.Data.Queries;

namespace Qingling.Data.Import;

/// <summary>One household (or member) on a preview list, as people recognise it: 户编号, 户主, 组, and the member's name where the list is of members.</summary>
public sealed record PreviewLine(string Code, string Head, string Group, string? Member = null);

/// <summary>One list of the preview: how many, and the first few.</summary>
public sealed record PreviewList(string Name, int Count, IReadOnlyList<PreviewLine> First);

/// <summary>
/// What an import would change, found by running it whole inside a transaction that is rolled back: the figures are the
/// ones the real import will produce on the same data, not an estimate. <see cref="DataVersion"/> is the database's
/// change count the preview saw, so a confirmation can tell whether it still holds.
/// </summary>
public sealed record ImportPreview(int Year, long DataVersion, PreviewList HouseholdsAdded, PreviewList HouseholdsUpdated,
    PreviewList MembersJoining, PreviewList MembersLeaving, PreviewList IncomeChanged)
{
    public const int FirstRows = 20;
    public IEnumerable<PreviewList> Lists => [HouseholdsAdded, HouseholdsUpdated, MembersJoining, MembersLeaving, IncomeChanged];
}

/// <summary>Collects what the writer does, keeping counts and the first rows' household ids (labels are read at the end, from the changed database).</summary>
sealed class PreviewCollector
{
    sealed class Tally
    {
        public int Count;
        public readonly List<(long HouseholdId, string? Member)> First = [];
        public void Add(long householdId, string? member = null)
        {
            Count++;
            if (First.Count < ImportPreview.FirstRows) First.Add((householdId, member));
        }
    }

    readonly Tally _added = new(), _updated = new(), _joining = new(), _leaving = new(), _income = new();

    public void HouseholdAdded(long id) => _added.Add(id);
    public void HouseholdUpdated(long id) => _updated.Add(id);
    public void MemberJoining(long householdId, string name) => _joining.Add(householdId, name);
    public void MemberLeaving(long householdId, string name) => _leaving.Add(householdId, name);
    public void IncomeChanged(long householdId) => _income.Add(householdId);

    /// <summary>Reads codes and labels inside the import's transaction, where the new households exist.</summary>
    public ImportPreview Build(QinglingDbContext db, int year, long dataVersion)
    {
        var tallies = new[] { _added, _updated, _joining, _leaving, _income };
        var ids = tallies.SelectMany(t => t.First).Select(f => f.HouseholdId).Distinct().ToList();
        var labels = HouseholdLabels.Load(db, ids);
        var codes = new Dictionary<long, string>();
        foreach (var chunk in ids.Chunk(1000))
            foreach (var h in db.Households.Where(h => chunk.Contains(h.Id)).Select(h => new { h.Id, h.Code }).ToList()) codes[h.Id] = h.Code;
        PreviewList List(string name, Tally t) => new(name, t.Count, t.First.Select(f =>
        {
            var label = labels.For(f.HouseholdId);
            return new PreviewLine(codes.GetValueOrDefault(f.HouseholdId, "—"), label.Head, label.GroupShown, f.Member);
        }).ToList());
        return new ImportPreview(year, dataVersion, List("新增户", _added), List("更新户", _updated), List("新加入成员", _joining),
            List("离开成员", _leaving), List("收入变动户", _income));
    }
}
