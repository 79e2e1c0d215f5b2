using Qingling.Core.Import;

namespace Qingling.Web.Web;

/// <summary>An import's problem list kept as a CSV file for download (UTF-8 with BOM, for Excel).</summary>
public static class ProblemFiles
{
    static readonly string Folder = Directory.CreateTempSubdirectory("qingling-problems-").FullName;

    public static string Save(ProblemList problems)
    {
        var id = Guid.NewGuid().ToString("N");
        using var w = new StreamWriter(System.IO.Path.Combine(Folder, id + ".csv"), false, Cli.Output.Utf8Bom);
        w.WriteLine("文件,行,列,值,原因,级别");
        foreach (var x in problems.Kept)
            w.WriteLine(string.Join(",", new[] { x.File, x.Row.ToString(), x.Column, x.Value, x.Reason, x.SeverityName }.Select(Cli.Output.Csv)));
        return id;
    }

    public static string? Path(string? id) =>
        id is { Length: 32 } && id.All(char.IsAsciiHexDigit) && File.Exists(System.IO.Path.Combine(Folder, id + ".csv")) ? System.IO.Path.Combine(Folder, id + ".csv") : null;
}
