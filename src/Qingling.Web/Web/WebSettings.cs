using System.Net;

namespace Qingling.Web.Web;

/// <summary>
/// The web server's settings, section "Qingling" of appsettings.json beside the executable, or environment
/// variables such as Qingling__UploadLimitMB=500.
/// </summary>
public sealed class WebSettings
{
    public const string Section = "Qingling";

    /// <summary>Largest upload on the import page, in MB: the largest real county export is well under 200 MB.</summary>
    public int UploadLimitMB { get; set; } = 200;

    /// <summary>How many computations of figures (a page's cache miss, an export) run at once; more wait in the queue.</summary>
    public int HeavyConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How many heavy requests may wait; beyond that they get 503 with Retry-After.</summary>
    public int HeavyQueue { get; set; } = 16;

    /// <summary>
    /// How much the figures cache (<see cref="ProgressCache"/>) may hold, in households: the plan's data weighs three per
    /// household, a date's inputs two. The default keeps a 250,000-household county's data and a few dates.
    /// </summary>
    public long CacheHouseholds { get; set; } = 2_000_000;

    /// <summary>
    /// Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed, separated by ; or ,
    /// (127.0.0.1 and ::1 always are). A header from any other address is ignored, so a client cannot claim to be HTTPS or another address.
    /// </summary>
    public string TrustedProxies { get; set; } = "";

    public long UploadLimitBytes => UploadLimitMB * 1024L * 1024L;

    public IReadOnlyList<IPAddress> Proxies() =>
        [.. TrustedProxies.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p =>
            IPAddress.TryParse(p, out var ip) ? ip : throw new InvalidOperationException($"设置 {Section}:TrustedProxies 中的“{p}”不是有效的 IP 地址"))];

    public static WebSettings From(IConfiguration configuration)
    {
        var s = configuration.GetSection(Section).Get<WebSettings>() ?? new WebSettings();
        if (s.UploadLimitMB is < 1 or > 4096) throw new InvalidOperationException($"设置 {Section}:UploadLimitMB 应在 1 至 4096 之间，而不是 {s.UploadLimitMB}");
        if (s.HeavyConcurrency < 1) throw new InvalidOperationException($"设置 {Section}:HeavyConcurrency 至少为 1，而不是 {s.HeavyConcurrency}");
        if (s.CacheHouseholds < 1) throw new InvalidOperationException($"设置 {Section}:CacheHouseholds 至少为 1，而不是 {s.CacheHouseholds}");
        if (s.HeavyQueue < 0) throw new InvalidOperationException($"设置 {Section}:HeavyQueue 不能为负数，而不是 {s.HeavyQueue}");
        s.Proxies();
        return s;
    }
}
