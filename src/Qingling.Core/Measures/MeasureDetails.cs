using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Qingling.Core.Measures;

/// <summary>
/// What is particular to a measure's channel. One flat record: each channel fills its own fields, and
/// the JSON keeps only what is set.
/// </summary>
public sealed record MeasureDetails
{
    // 产业: 林、茶、果、牛、糖、菜、其他
    public string? Industry { get; init; }
    public decimal? Scale { get; init; }
    /// <summary>亩, 头, 只 …</summary>
    public string? ScaleUnit { get; init; }
    public string? MarketEntity { get; init; }
    public bool? PurchaseAgreement { get; init; }
    // 乡村旅游: 民宿, 就业, 入股
    public string? TourismForm { get; init; }
    // 培训
    public string? Course { get; init; }
    public int? Hours { get; init; }
    public string? Certificate { get; init; }
    // 转移就业: 省外, 省内县外, 县内
    public string? Destination { get; init; }
    public string? Employer { get; init; }
    public decimal? MonthlyWage { get; init; }
    public int? Months { get; init; }
    /// <summary>东西部劳务协作, 帮扶车间, 以工代赈, 公益岗位 …</summary>
    public string? EmploymentChannel { get; init; }
    // 盘活资产: 宅基地, 农房, 土地流转, 入股
    public string? AssetKind { get; init; }
    // 金融: 小额信贷, 农业保险
    public string? FinanceKind { get; init; }
    public decimal? LoanAmount { get; init; }
    public int? TermMonths { get; init; }
    /// <summary>For a loan: 生产经营 is the only purpose allowed.</summary>
    public string? Purpose { get; init; }
    public bool? InterestSubsidised { get; init; }
    // 政策性转移
    public string? Subsidy { get; init; }
    public decimal? SubsidyAmount { get; init; }

    public const string Microcredit = "小额信贷";
    public static readonly IReadOnlyList<string> Industries = ["林", "茶", "果", "牛", "糖", "菜", "其他"];
    public static readonly IReadOnlyList<string> Destinations = ["省外", "省内县外", "县内"];

    public bool IsMicrocredit => FinanceKind == Microcredit;

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MeasureDetails FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new MeasureDetails() : JsonSerializer.Deserialize<MeasureDetails>(json, Json) ?? new MeasureDetails();
}
