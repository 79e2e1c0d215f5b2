using System.CommandLine;

namespace Qingling.Web.Cli;

public static class FormatOption
{
    /// <param name="csv">Whether the command can write CSV: a summary of several tables (review, quarter) cannot, and says so.</param>
    public static Option<OutputFormat> Create(bool csv = true) => new("--format")
    {
        Description = csv ? "输出格式：table（表格）、json、csv" : "输出格式：table（表格）、json",
        DefaultValueFactory = _ => OutputFormat.Table,
        CustomParser = r => r.Tokens.Count == 0 ? OutputFormat.Table : r.Tokens[0].Value.ToLowerInvariant() switch
        {
            "table" => OutputFormat.Table,
            "json" => OutputFormat.Json,
            "csv" when csv => OutputFormat.Csv,
            var other => Fail(r, other, csv),
        },
    };

    static OutputFormat Fail(System.CommandLine.Parsing.ArgumentResult r, string value, bool csv)
    {
        r.AddError($"未知的输出格式“{value}”，本命令可用：table、json{(csv ? "、csv" : "")}");
        return OutputFormat.Table;
    }

    /// <summary>Years the campaign's records can hold: anything else is a typo, refused before it reaches a date.</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    public static Option<int> Year(string description = "年度")
    {
        var option = new Option<int>("--year") { Description = description, Required = true };
        option.Validators.Add(r =>
        {
            // A token that is no number at all is reported by the parser itself.
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[0].Value, out var y) && y is < FirstYear or > LastYear)
                r.AddError($"--year 应为{FirstYear}到{LastYear}之间的年份");
        });
        return option;
    }
}
