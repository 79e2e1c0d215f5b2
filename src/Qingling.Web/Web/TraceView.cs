using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Web.Web;

/// <summary>One field of a trace line: its value before and after the change.</summary>
public sealed record TraceField(string Name, string? Before, string? After)
{
    public bool Changed => Before != After;
}

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

/// <summary>Turns a trace line's JSON snapshots into fields read in Chinese, changed ones first.</summary>
public static class TraceView
{
    public static IReadOnlyList<TraceField> Fields(string? before, string? after)
    {
        var b = Flatten(before);
        var a = Flatten(after);
        var names = b.Keys.Concat(a.Keys).Distinct().ToList();
        return names.Select(n => new TraceField(FieldName(n), b.GetValueOrDefault(n), a.GetValueOrDefault(n)))
            .OrderBy(f => f.Changed ? 0 : 1).ToList();
    }

    /// <summary>Internal ids are named as such, so an auditor does not read them as register numbers.</summary>
    static string FieldName(string key) => key.EndsWith("Id", StringComparison.Ordinal) && key.Length > 2 ? key[..^2] + "（内部编号）" : key;

    static Dictionary<string, string?> Flatten(string? json)
    {
        var fields = new Dictionary<string, string?>();
        // Old lines' full birth dates are cut to the year before anything is shown (see Show.Trace).
        var safe = Show.Trace(json, int.MaxValue);
        if (string.IsNullOrWhiteSpace(safe)) return fields;
        try
        {
            using var doc = JsonDocument.Parse(safe);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { fields["内容"] = Text(doc.RootElement); return fields; }
            foreach (var p in doc.RootElement.EnumerateObject()) fields[p.Name] = Text(p.Value);
        }
        catch (JsonException) { fields["内容"] = safe; }
        return fields;
    }

    /// <summary>A measure's details are kept as camel-case JSON inside the snapshot: their names are read in Chinese too.</summary>
    static readonly Dictionary<string, string> DetailNames = new()
    {
        ["industry"] = "产业类别", ["scale"] = "规模", ["scaleUnit"] = "规模单位", ["marketEntity"] = "带动主体", ["purchaseAgreement"] = "订单收购",
        ["tourismForm"] = "乡村旅游形式", ["course"] = "培训项目", ["hours"] = "学时", ["certificate"] = "证书", ["destination"] = "务工地点",
        ["employer"] = "用工单位", ["monthlyWage"] = "月工资", ["months"] = "月数", ["employmentChannel"] = "就业渠道", ["assetKind"] = "资产类别",
        ["financeKind"] = "金融帮扶类别", ["loanAmount"] = "贷款金额", ["termMonths"] = "期限（月）", ["purpose"] = "用途", ["interestSubsidised"] = "贴息",
        ["subsidy"] = "补贴项目", ["subsidyAmount"] = "补贴金额", ["isMicrocredit"] = "小额信贷",
    };

    static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => Nested(e.GetString()),
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Array => string.Join("、", e.EnumerateArray().Select(Text)),
        JsonValueKind.Object => string.Join("；", e.EnumerateObject().Select(p => $"{DetailNames.GetValueOrDefault(p.Name, p.Name)}：{Text(p.Value)}")),
        _ => e.GetRawText(),
    };

    /// <summary>A string value that is itself a JSON object (a measure's details) is read as fields, not shown as JSON.</summary>
    static string? Nested(string? s)
    {
        if (s is not { Length: > 1 } || s[0] != '{') return s;
        try
        {
            using var doc = JsonDocument.Parse(s);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? (doc.RootElement.EnumerateObject().Any() ? Text(doc.RootElement) : null) : s;
        }
        catch (JsonException) { return s; }
    }
}
