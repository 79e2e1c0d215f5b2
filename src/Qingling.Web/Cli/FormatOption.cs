using System.CommandLine;

namespace Qingling.Web.Cli;

public static class FormatOption
{
    public static Option<OutputFormat> Create() => new("--format")
    {
        Description = "输出格式：table（表格）、json、csv",
        DefaultValueFactory = _ => OutputFormat.Table,
        CustomParser = r => r.Tokens.Count == 0 ? OutputFormat.Table : r.Tokens[0].Value.ToLowerInvariant() switch
        {
            "table" => OutputFormat.Table,
            "json" => OutputFormat.Json,
            "csv" => OutputFormat.Csv,
            var other => Fail(r, other),
        },
    };

    static OutputFormat Fail(System.CommandLine.Parsing.ArgumentResult r, string value)
    {
        r.AddError($"未知的输出格式“{value}”，可用：table、json、csv");
        return OutputFormat.Table;
    }

    public static Option<int> Year(string description = "年度") => new("--year") { Description = description, Required = true };
}
