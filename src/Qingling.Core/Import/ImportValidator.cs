using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Import;

/// <summary>
/// First pass over an export: checks every row and the rules that span rows (one head per household,
/// an ID only once, household columns the same on every row), keeping only small tallies so a file of
/// millions of rows is checked in bounded memory. Nothing is written.
/// </summary>
public sealed class ImportValidator
{
    sealed class Tally
    {
        public int Index;
        public int FirstRow;
        public int Heads;
        public int Members;
        public ulong Fingerprint;
        public int? StatedPersons;
        public decimal? StatedNet;
        public decimal? StatedPerCapita;
        public decimal Net;
    }

    readonly string _file;
    readonly ExportRowParser _parser;
    readonly Dictionary<string, Tally> _households = new(StringComparer.Ordinal);
    readonly List<string> _householdCodes = [];
    readonly Dictionary<long, (int Row, int Household)> _ids = [];
    readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    readonly int _codeColumn;

    public ProblemList Problems { get; } = new();
    public int Rows { get; private set; }
    public int? Year { get; private set; }
    public int Households => _households.Count;

    /// <summary>Characters in one cell: Excel's own limit, for CSV as for XLSX.</summary>
    public const int MaxCellChars = 32_767;

    public ImportValidator(string file, ExportHeader header, int? year, ImportChecks? checks = null)
    {
        _file = file;
        checks ??= ImportChecks.Now();
        _parser = new ExportRowParser(file, header, year, checks);
        _codeColumn = header.IndexOf(ExportField.HouseholdCode);
        // File-level year problems are said once, not once per household.
        if (year is { } y && !checks.IsPlausibleYear(y))
            Problems.Add(new ImportProblem(file, 0, "年度", y.ToString(System.Globalization.CultureInfo.InvariantCulture), $"指定的年度应在{checks.YearRange}之间"));
        else if (year is null && !header.Has(ExportField.Year))
            Problems.Add(new ImportProblem(file, 0, "年度", "", checks.NoYear));
        foreach (var missing in header.Missing(ExportFields.Required))
            Problems.Add(new ImportProblem(file, header.Row, ExportFields.HeaderOf(missing), "", "缺少必需的列"));
        foreach (var dup in header.Duplicated)
            Problems.Add(new ImportProblem(file, header.Row, dup, "", "同一字段出现了两列"));
        foreach (var unknown in header.Unknown)
            Problems.Add(new ImportProblem(file, header.Row, unknown, "", "未识别的列，已忽略", ProblemSeverity.Warning));
    }

    /// <summary>Checks one data row; returns the parsed row when it is clean.</summary>
    public ExportRow? Feed(int row, IReadOnlyList<string> cells)
    {
        Rows++;
        if (Problems.Errors > 0 && Problems.Kept.Count >= ProblemList.Limit) return null;
        if (BadCell(row, cells)) return null;
        var r = _parser.Parse(row, cells, Problems);
        if (r is null)
        {
            // Its household's later checks (a head, the member count) would only repeat this row's error.
            if (_codeColumn >= 0 && _codeColumn < cells.Count && _failed.Count < ProblemList.Limit) _failed.Add(cells[_codeColumn].Trim());
            return null;
        }

        if (Year is null) Year = r.Year;
        else if (r.Year != Year) Problems.Add(new ImportProblem(_file, row, "年度", r.Year.ToString(), $"一个文件只能含一个年度，前面的行是{Year}年"));

        if (!_households.TryGetValue(r.HouseholdCode, out var t))
        {
            t = new Tally
            {
                Index = _householdCodes.Count, FirstRow = row, Fingerprint = r.Household.Fingerprint,
                StatedPersons = r.Household.StatedPersons, StatedNet = r.Household.StatedNetIncome, StatedPerCapita = r.Household.StatedPerCapita, Net = r.Household.NetIncome,
            };
            _households.Add(r.HouseholdCode, t);
            _householdCodes.Add(r.HouseholdCode);
        }
        else if (t.Fingerprint != r.Household.Fingerprint)
        {
            Problems.Add(new ImportProblem(_file, row, "户编号", r.HouseholdCode, $"本行的户信息（村、户类型、收入等）与同户第{t.FirstRow}行不一致"));
        }
        t.Members++;
        if (r.IsHead)
        {
            t.Heads++;
            if (t.Heads == 2) Problems.Add(new ImportProblem(_file, row, "与户主关系", r.Relation, $"户{r.HouseholdCode}有两个户主"));
        }

        var key = long.Parse(r.IdNumber.AsSpan(0, 17));
        if (_ids.TryGetValue(key, out var first))
        {
            var masked = IdNumber.Mask(r.IdNumber);
            Problems.Add(first.Household == t.Index
                ? new ImportProblem(_file, row, "证件号码", masked, $"同一证件号码已出现在第{first.Row}行")
                : new ImportProblem(_file, row, "证件号码", masked, $"同一成员出现在两户：第{first.Row}行在户{_householdCodes[first.Household]}，本行在户{r.HouseholdCode}"));
        }
        else _ids.Add(key, (row, t.Index));
        return r;
    }

    /// <summary>A giant cell, or one holding U+FFFD (bytes the file's encoding could not decode): the row is not read further.</summary>
    bool BadCell(int row, IReadOnlyList<string> cells)
    {
        var lazy = cells as LazyCells;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = lazy is not null ? lazy.Span(i) : cells[i].AsSpan();
            if (cell.Length > MaxCellChars)
                Problems.Add(new ImportProblem(_file, row, _parser.ColumnName(i), "", $"单元格有{cell.Length:N0}个字符，超过上限{MaxCellChars:N0}（Excel 单元格的上限），不是正常的导出内容"));
            else if (cell.Contains('\uFFFD'))
                Problems.Add(new ImportProblem(_file, row, _parser.ColumnName(i), cell.ToString().Replace('\uFFFD', '?'),
                    "含无法识别的字符（乱码）：文件的编码可能不一致，请用 Excel 另存为 UTF-8 或 .xlsx 后再导入"));
            else continue;
            return true;
        }
        return false;
    }

    /// <summary>Lets go of the per-row tallies once the checks are done (they are most of an import's memory).</summary>
    public void ReleaseTallies()
    {
        _households.Clear();
        _households.TrimExcess();
        _householdCodes.Clear();
        _householdCodes.TrimExcess();
        _ids.Clear();
        _ids.TrimExcess();
        _failed.Clear();
    }

    /// <summary>Checks that need the whole file; call once after the last row.</summary>
    public void Finish()
    {
        if (Rows == 0) Problems.Add(new ImportProblem(_file, 0, "", "", "文件没有数据行"));
        foreach (var (code, t) in _households)
        {
            // A household with a bad row is already refused there: its head and totals cannot be judged without that row.
            if (_failed.Contains(code)) continue;
            if (t.Heads == 0) Problems.Add(new ImportProblem(_file, t.FirstRow, "与户主关系", "", $"户{code}没有户主"));
            if (t.StatedPersons is { } p && p != t.Members)
                Problems.Add(new ImportProblem(_file, t.FirstRow, "家庭人口数", p.ToString(),
                    $"户{code}文件中有{t.Members}名成员，与家庭人口数不符；按成员{t.Members}人计算", ProblemSeverity.Warning));
            if (t.StatedNet is { } net && net != t.Net)
                Problems.Add(new ImportProblem(_file, t.FirstRow, "纯收入", Money.Invariant(net),
                    $"按公式重算为{Money.Invariant(t.Net)}，以重算为准", ProblemSeverity.Warning));
            var perCapita = Money.Round(t.Net / t.Members);
            if (t.StatedPerCapita is { } pc && pc != perCapita)
                Problems.Add(new ImportProblem(_file, t.FirstRow, "人均纯收入", Money.Invariant(pc),
                    $"按公式重算为{Money.Invariant(perCapita)}（{Money.Invariant(t.Net)}÷{t.Members}人），以重算为准", ProblemSeverity.Warning));
        }
    }
}
