namespace Qingling.Core.Import;

public enum ProblemSeverity { Error = 1, Warning = 2 }

/// <summary>One thing wrong with an import file, located by file, row and column.</summary>
public sealed record ImportProblem(string File, int Row, string Column, string Value, string Reason, ProblemSeverity Severity = ProblemSeverity.Error)
{
    public string SeverityName => Severity == ProblemSeverity.Error ? "错误" : "提醒";
    public override string ToString() =>
        // A problem of the whole file (no row) names no row: "第0行" read as a row that does not exist.
        File + (Row > 0 ? $" 第{Row}行" : "") + (Column.Length > 0 ? $" [{Column}]" : "") + (Value.Length > 0 ? $" 值“{Value}”" : "") + $"：{Reason}（{SeverityName}）";
}

/// <summary>
/// Collects problems, keeping the first <see cref="Limit"/> of each severity in memory and counting the rest,
/// so a hostile file with millions of bad rows cannot exhaust memory.
/// </summary>
public sealed class ProblemList
{
    public const int Limit = 10_000;
    readonly List<ImportProblem> _kept = [];
    public int Errors { get; private set; }
    public int Warnings { get; private set; }
    public IReadOnlyList<ImportProblem> Kept => _kept;
    public bool HasErrors => Errors > 0;

    public void Add(ImportProblem problem)
    {
        if (problem.Severity == ProblemSeverity.Error) Errors++; else Warnings++;
        if (_kept.Count < Limit * 2) _kept.Add(problem);
    }
}
