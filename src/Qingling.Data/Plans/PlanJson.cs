using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Qingling.Core.Plans;

namespace Qingling.Data.Plans;

/// <summary>Reads and writes plan files: camelCase keys, enum values as camelCase words, comments allowed.</summary>
public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Parses a plan; a malformed file gives a message with the line and the JSON path.</summary>
    public static PlanDefinition Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<PlanDefinition>(json, Options) ?? throw new InvalidDataException($"{source}：文件为空");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} 第{(e.LineNumber ?? 0) + 1}行（{Field(e.Path)}）：方案文件格式错误：{JsonMessages.Describe(e)}");
        }
    }

    public static string Write(PlanDefinition plan) => JsonSerializer.Serialize(plan, Options);

    /// <summary>Reads a JSON file of the project's formats (measures, visits, projects); a malformed file names its line and path.</summary>
    public static T ReadFile<T>(string path) where T : new()
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"找不到文件 {path}", path);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? new T();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} 第{(e.LineNumber ?? 0) + 1}行（{Field(e.Path)}）：格式错误：{JsonMessages.Describe(e)}");
        }
    }

    /// <summary>The JSON path as the file's field: "$.households[2].measures" → "households[2].measures", the whole file for "$".</summary>
    static string Field(string? path) => path is null or "$" ? "整个文件" : path.StartsWith("$.") ? path[2..] : path;
}
