using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Spectre.Console;

namespace Qingling.Web.Cli;

public enum OutputFormat { Table, Json, Csv }

/// <summary>
/// Writes a list of records as a table for people, or JSON / CSV for scripts. Field keys are the code's
/// names (householdCode …); the table shows the Chinese titles.
/// </summary>
public sealed record Column<T>(string Key, string Title, Func<T, object?> Value, bool Right = false, Func<T, string>? Display = null);

public static class Output
{
    static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = true,
    };

    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static void Write<T>(IReadOnlyList<T> rows, IReadOnlyList<Column<T>> columns, OutputFormat format, TextWriter? to = null, string? caption = null)
    {
        to ??= Console.Out;
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(rows, columns, to);
                break;
            case OutputFormat.Csv:
                to.WriteLine(string.Join(",", columns.Select(c => c.Key)));
                foreach (var r in rows) to.WriteLine(string.Join(",", columns.Select(c => Csv(Invariant(c.Value(r))))));
                break;
            default:
                var table = new Table().Border(TableBorder.Simple);
                foreach (var c in columns)
                {
                    var col = new TableColumn(c.Title);
                    if (c.Right) col.RightAligned();
                    table.AddColumn(col);
                }
                foreach (var r in rows) table.AddRow(columns.Select(c => Markup.Escape(c.Display?.Invoke(r) ?? Display(c.Value(r)))).ToArray());
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(to) });
                if (!Interactive) console.Profile.Width = 200;
                console.Write(table);
                // Below the table as plain text, not as the table's caption, which is cut to the table's width with "…"
                // (a province's roll-up lost its projected count that way).
                if (caption is not null) to.WriteLine(caption);
                break;
        }
    }

    /// <summary>
    /// The rows as one indented JSON array, written a few hundred rows at a time: a county's list is hundreds of
    /// thousands of rows, and building it whole as one string first took most of the command's memory.
    /// </summary>
    static void WriteJson<T>(IReadOnlyList<T> rows, IReadOnlyList<Column<T>> columns, TextWriter to)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder, Indented = true });
        void Drain()
        {
            writer.Flush();
            // Flushed JSON ends between tokens, so the bytes never split a character.
            to.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            buffer.ResetWrittenCount();
        }
        writer.WriteStartArray();
        var row = new Dictionary<string, object?>(columns.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            row.Clear();
            foreach (var c in columns) row[c.Key] = c.Value(rows[i]);
            JsonSerializer.Serialize(writer, row, Json);
            if (buffer.WrittenCount > 48 * 1024) Drain();
        }
        writer.WriteEndArray();
        Drain();
        to.WriteLine();
    }

    static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    static string Display(object? v) => v switch
    {
        null => "—",
        decimal d => d.ToString("#,##0.00", Zh),
        Percent p => p.Value is { } f ? (f * 100).ToString("0.00", Zh) + "%" : "—",
        _ => Convert.ToString(v, Zh) ?? "",
    };

    static string Invariant(object? v) => v switch
    {
        null => "",
        decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
        Percent p => p.Value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public static string Csv(string s) => Data.Export.CsvText.Escape(s);

    public static Encoding Utf8Bom => new UTF8Encoding(true);

    /// <summary>A value with its unit: fractions as percentages, yuan with separators.</summary>
    public static string Show(decimal? value, string unit) => Core.Indicators.Units.Show(value, unit);
}

/// <summary>A fraction shown as a percentage in tables and as a number in JSON and CSV.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PercentJsonConverter))]
public readonly record struct Percent(decimal? Value);

sealed class PercentJsonConverter : System.Text.Json.Serialization.JsonConverter<Percent>
{
    public override Percent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.TokenType == JsonTokenType.Null ? null : Math.Round(reader.GetDecimal(), 4, MidpointRounding.AwayFromZero));

    public override void Write(Utf8JsonWriter writer, Percent value, JsonSerializerOptions options)
    {
        if (value.Value is { } v) writer.WriteNumberValue(Math.Round(v, 4, MidpointRounding.AwayFromZero));
        else writer.WriteNullValue();
    }
}
