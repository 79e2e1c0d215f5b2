using Qingling.Core.Income;

namespace Qingling.Core.Import;

/// <summary>Which column holds which field, found by name in any order.</summary>
public sealed class ExportHeader
{
    readonly Dictionary<ExportField, int> _fields = [];
    readonly List<(int Column, IncomeCategory Category, string Subcategory)> _subcategories = [];
    readonly List<string> _unknown = [];
    readonly List<string> _duplicated = [];

    /// <summary>1-based row number of the header in the file.</summary>
    public int Row { get; }
    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<string> Unknown => _unknown;
    public IReadOnlyList<string> Duplicated => _duplicated;
    public IReadOnlyList<(int Column, IncomeCategory Category, string Subcategory)> Subcategories => _subcategories;

    ExportHeader(int row, IReadOnlyList<string> cells)
    {
        Row = row;
        Columns = cells.ToArray();
        var lookup = Lookup.Value;
        for (var i = 0; i < cells.Count; i++)
        {
            var name = ExportFields.Normalize(cells[i]);
            if (name.Length == 0) continue;
            if (lookup.Fields.TryGetValue(name, out var field))
            {
                if (!_fields.TryAdd(field, i)) _duplicated.Add(cells[i]);
            }
            else if (lookup.Subcategories.TryGetValue(name, out var sub))
            {
                if (_subcategories.Any(s => s.Category == sub.Category && s.Subcategory == sub.Subcategory)) _duplicated.Add(cells[i]);
                else _subcategories.Add((i, sub.Category, sub.Subcategory));
            }
            else _unknown.Add(cells[i]);
        }
    }

    public bool Has(ExportField field) => _fields.ContainsKey(field);
    public int IndexOf(ExportField field) => _fields.TryGetValue(field, out var i) ? i : -1;
    public string ColumnName(int index) => index >= 0 && index < Columns.Count ? Columns[index].Trim() : "";
    public string ColumnName(ExportField field) => ColumnName(IndexOf(field));
    public IEnumerable<ExportField> Missing(IEnumerable<ExportField> fields) => fields.Where(f => !Has(f));

    /// <summary>
    /// The header is the first row in which at least three cells name known fields and two of
    /// 户编号 / 姓名 / 证件号码 are among them; title rows above it are skipped.
    /// </summary>
    public static ExportHeader? TryRecognize(int row, IReadOnlyList<string> cells)
    {
        var lookup = Lookup.Value;
        var known = 0;
        var keys = 0;
        foreach (var cell in cells)
        {
            if (!lookup.Fields.TryGetValue(ExportFields.Normalize(cell), out var field)) continue;
            known++;
            if (field is ExportField.HouseholdCode or ExportField.Name or ExportField.IdNumber) keys++;
        }
        return known >= 3 && keys >= 2 ? new ExportHeader(row, cells) : null;
    }

    /// <summary>How many rows from the top are searched for the header.</summary>
    public const int SearchRows = 20;

    sealed record Tables(Dictionary<string, ExportField> Fields, Dictionary<string, (IncomeCategory Category, string Subcategory)> Subcategories);

    static readonly Lazy<Tables> Lookup = new(() =>
    {
        var fields = new Dictionary<string, ExportField>();
        foreach (var (field, names) in ExportFields.Names)
            foreach (var n in names) fields[ExportFields.Normalize(n)] = field;
        var subs = new Dictionary<string, (IncomeCategory, string)>();
        foreach (var (category, list) in IncomeCategories.Subcategories)
            foreach (var s in list) subs[ExportFields.Normalize(s)] = (category, s);
        return new Tables(fields, subs);
    });
}
