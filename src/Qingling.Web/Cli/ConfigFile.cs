using System.Text.Json;

namespace Qingling.Web.Cli;

/// <summary>
/// The installation's configuration file: <c>/etc/qingling/qingling.json</c>, or the file named by QINGLING_CONFIG.
/// It is the lowest layer: a command-line option wins over the environment, which wins over the file, which wins
/// over the built-in default. Relative paths in it are read against the file's own folder, so the service finds the
/// same database whatever its working directory. Settings sit under "Qingling", so the web application reads the same
/// file as ordinary ASP.NET configuration (for example Qingling:UploadLimitMB).
/// </summary>
public sealed record ConfigFile(string? Path, string? Database, string? Connection, string? KeyFile, string? Urls, bool ForwardedHeaders, IReadOnlyList<string> KnownProxies, string? LogFolder = null)
{
    public const string DefaultPath = "/etc/qingling/qingling.json";
    public const string Variable = "QINGLING_CONFIG";

    public static readonly ConfigFile None = new(null, null, null, null, null, false, []);

    static readonly Lazy<ConfigFile> Loaded = new(() => Load(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } p ? p : null));

    /// <summary>The file of this process (read once).</summary>
    public static ConfigFile Current => Loaded.Value;

    /// <summary>Reads <paramref name="path"/>; without one, the default file if it exists. A named file must exist.</summary>
    public static ConfigFile Load(string? path)
    {
        var file = System.IO.Path.GetFullPath(path ?? DefaultPath);
        if (!File.Exists(file))
        {
            if (path is null) return None;
            throw new UsageException($"配置文件不存在：{file}（由环境变量 {Variable} 指定）");
        }
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"配置文件 {file} 第{e.LineNumber + 1}行格式错误：不是有效的 JSON");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"无权读取配置文件 {file}");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Qingling", out var q) || q.ValueKind != JsonValueKind.Object)
            throw new UsageException($"配置文件 {file} 应为 {{\"Qingling\": {{ … }}}} 的形式");
        var folder = System.IO.Path.GetDirectoryName(file)!;
        string? Text(string name)
        {
            if (!q.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.String) throw new UsageException($"配置文件 {file} 中 Qingling:{name} 应为字符串");
            return v.GetString() is { Length: > 0 } s ? s : null;
        }
        string? FilePath(string name) => Text(name) is { } p ? System.IO.Path.GetFullPath(p, folder) : null;
        var database = FilePath("Database");
        var connection = Text("Connection");
        if (database is not null && connection is not null)
            throw new UsageException($"配置文件 {file} 中 Qingling:Database（SQLite 文件）与 Qingling:Connection（PostgreSQL）只能写一个");
        var forwarded = false;
        if (q.TryGetProperty("ForwardedHeaders", out var f))
        {
            if (f.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new UsageException($"配置文件 {file} 中 Qingling:ForwardedHeaders 应为 true 或 false");
            forwarded = f.GetBoolean();
        }
        var proxies = new List<string>();
        if (q.TryGetProperty("KnownProxies", out var k))
        {
            if (k.ValueKind != JsonValueKind.Array || k.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String || !System.Net.IPAddress.TryParse(x.GetString(), out _)))
                throw new UsageException($"配置文件 {file} 中 Qingling:KnownProxies 应为 IP 地址列表，例如 [\"127.0.0.1\"]");
            proxies.AddRange(k.EnumerateArray().Select(x => x.GetString()!));
        }
        return new ConfigFile(file, database, connection, FilePath("KeyFile"), Text("Urls"), forwarded, proxies, FilePath("LogFolder"));
    }
}
