using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Web.Web;

/// <summary>One field of a trace line: its value before and after the change, as shown (a long list is cut), and whether the stored values differ.</summary>
public sealed record TraceField(string Name, string? Before, string? After, bool Changed);

/// <summary>The trace's filters, shared by the 留痕 page and its export: who, when (China dates), which household, which object.</summary>
public sealed record TraceFilter(string? User, DateOnly? From, DateOnly? To, string? Household, string? Entity)
{
    /// <summary>The filtered lines, newest first; null when the household asked for does not exist.</summary>
    public IQueryable<AuditEntry>? Apply(QinglingDbContext db)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(User)) q = q.Where(a => a.Actor == User);
        if (!string.IsNullOrEmpty(Entity)) q = q.Where(a => a.Entity == Entity);
        // Dates are China's: a day runs from 16:00 UTC the day before.
        if (From is { } from) { var start = ChinaMidnightUtc(from); q = q.Where(a => a.At >= start); }
        if (To is { } to) { var end = ChinaMidnightUtc(to.AddDays(1)); q = q.Where(a => a.At < end); }
        if (!string.IsNullOrWhiteSpace(Household))
        {
            var code = Household.Trim();
            var id = db.Households.AsNoTracking().Where(h => h.Code == code).Select(h => (long?)h.Id).FirstOrDefault();
            if (id is null) return null;
            q = q.Where(a => a.HouseholdId == id);
        }
        return q.OrderByDescending(a => a.Id);
    }

    static DateTime ChinaMidnightUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc);

    public string Describe() => string.Join("，", new[]
    {
        string.IsNullOrWhiteSpace(User) ? null : $"操作人{User}", From is null && To is null ? null : $"{From:yyyy-MM-dd}至{To:yyyy-MM-dd}",
        string.IsNullOrWhiteSpace(Household) ? null : $"户{Household}", string.IsNullOrEmpty(Entity) ? null : $"对象{Entity}",
    }.Where(s => s is not null));
}

/// <summary>
/// Turns a trace line's JSON snapshots into fields read in Chinese, changed ones first. A value is shown up to a number
/// of characters: a frozen baseline list is one line holding every household of it (1.3 MB at 15,719 households), and
/// the page read, parsed and printed all of it on every view while it was among the newest lines. A list longer than
/// that says how many items it has and how many are shown; the line itself is kept whole (and chained) in the database.
/// </summary>
public static class TraceView
{
    /// <summary>Characters of one value on the 留痕 page.</summary>
    public const int PageChars = 2_000;
    /// <summary>Characters of one value in the export: an Excel cell holds at most 32,767, and a line may change several fields.</summary>
    public const int ExportChars = 8_000;

    public static IReadOnlyList<TraceField> Fields(string? before, string? after, int maxChars = PageChars)
    {
        var b = Flatten(before, maxChars);
        var a = Flatten(after, maxChars);
        var names = b.Keys.Concat(a.Keys).Distinct().ToList();
        // Changed is judged on the stored values, not on what is shown: two long lists may differ only past the cut. A field
        // that shows as nothing on both sides (no details against empty details) is no change.
        return names.Select(n =>
            {
                var (before, after) = (b.GetValueOrDefault(n), a.GetValueOrDefault(n));
                return new TraceField(FieldName(n), before.Text, after.Text, before.Raw != after.Raw && (before.Text is not null || after.Text is not null));
            })
            .OrderBy(f => f.Changed ? 0 : 1).ToList();
    }

    /// <summary>Internal ids are named as such, so an auditor does not read them as register numbers.</summary>
    static string FieldName(string key) => key.EndsWith("Id", StringComparison.Ordinal) && key.Length > 2 ? key[..^2] + "（内部编号）" : key;

    static Dictionary<string, (string? Text, string? Raw)> Flatten(string? json, int max)
    {
        var fields = new Dictionary<string, (string? Text, string? Raw)>();
        // Old lines' full birth dates are cut to the year before anything is shown (see Show.Trace).
        var safe = Show.Trace(json, int.MaxValue);
        if (string.IsNullOrWhiteSpace(safe)) return fields;
        try
        {
            using var doc = JsonDocument.Parse(safe);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { fields["内容"] = (Text(doc.RootElement, max), Raw(doc.RootElement)); return fields; }
            foreach (var p in doc.RootElement.EnumerateObject()) fields[p.Name] = (Text(p.Value, max), Raw(p.Value));
        }
        catch (JsonException) { fields["内容"] = (Cut(safe, max), safe); }
        return fields;
    }

    /// <summary>A value as stored, for comparing before with after; a null is no value, as an absent field.</summary>
    static string? Raw(JsonElement e) => e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : e.GetRawText();

    /// <summary>A measure's details are kept as camel-case JSON inside the snapshot: their names are read in Chinese too.</summary>
    static readonly Dictionary<string, string> DetailNames = new()
    {
        ["industry"] = "产业类别", ["scale"] = "规模", ["scaleUnit"] = "规模单位", ["marketEntity"] = "带动主体", ["purchaseAgreement"] = "订单收购",
        ["tourismForm"] = "乡村旅游形式", ["course"] = "培训项目", ["hours"] = "学时", ["certificate"] = "证书", ["destination"] = "务工地点",
        ["employer"] = "用工单位", ["monthlyWage"] = "月工资", ["months"] = "月数", ["employmentChannel"] = "就业渠道", ["assetKind"] = "资产类别",
        ["financeKind"] = "金融帮扶类别", ["loanAmount"] = "贷款金额", ["termMonths"] = "期限（月）", ["purpose"] = "用途", ["interestSubsidised"] = "贴息",
        ["subsidy"] = "补贴项目", ["subsidyAmount"] = "补贴金额", ["isMicrocredit"] = "小额信贷",
    };

    static string? Text(JsonElement e, int max) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => Nested(e.GetString(), max),
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Array => Items(e.EnumerateArray().Select(x => Text(x, max)), e.GetArrayLength(), "、", max),
        JsonValueKind.Object => Items(e.EnumerateObject().Select(p => $"{DetailNames.GetValueOrDefault(p.Name, p.Name)}：{Text(p.Value, max)}"), e.EnumerateObject().Count(), "；", max),
        _ => e.GetRawText(),
    };

    /// <summary>
    /// Items joined up to <paramref name="max"/> characters, then how many there are: the items past the cut are never
    /// rendered (they are produced one by one, on demand).
    /// </summary>
    static string Items(IEnumerable<string?> items, int count, string separator, int max)
    {
        var text = new StringBuilder();
        var shown = 0;
        foreach (var item in items)
        {
            var next = item ?? "";
            if (shown > 0 && text.Length + separator.Length + next.Length > max) break;
            if (shown > 0) text.Append(separator);
            text.Append(shown == 0 ? Cut(next, max) : next);
            shown++;
        }
        if (shown < count) text.Append($"…（共{count:N0}项，此处列出前{shown:N0}项）");
        return text.ToString();
    }

    static string Cut(string s, int max) => s.Length <= max ? s : $"{s[..Whole(s, max)]}…（共{s.Length:N0}字）";

    /// <summary>Where to cut <paramref name="s"/> at most <paramref name="max"/> characters in without splitting a character written as two.</summary>
    internal static int Whole(string s, int max) => max > 0 && max < s.Length && char.IsHighSurrogate(s[max - 1]) ? max - 1 : max;

    /// <summary>A string value that is itself a JSON object (a measure's details) is read as fields, not shown as JSON.</summary>
    static string? Nested(string? s, int max)
    {
        if (s is not { Length: > 1 } || s[0] != '{') return s is null ? null : Cut(s, max);
        try
        {
            using var doc = JsonDocument.Parse(s);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? (doc.RootElement.EnumerateObject().Any() ? Text(doc.RootElement, max) : null) : Cut(s, max);
        }
        catch (JsonException) { return Cut(s, max); }
    }
}
