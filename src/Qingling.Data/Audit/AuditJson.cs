using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Data.Audit;

/// <summary>
/// The before/after snapshots written into the trace. Sensitive values appear only masked:
/// the trace is read by auditors, who do not need ID numbers in clear.
/// </summary>
public static class AuditJson
{
    static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Of(object value) => JsonSerializer.Serialize(value, Options);

    public static string Of(Household h) => Of(new
    {
        户编号 = h.Code, 村Id = h.VillageId, 村民小组 = h.GroupName, 户类型 = Vocabulary.Name(h.Type),
        监测对象类别 = h.Monitoring is { } m ? Vocabulary.Name(m) : null, 脱贫年度 = h.ExitYear, 风险 = h.Risks,
        联系电话 = h.PhoneMasked, 挂包单位 = h.AssignedUnit, 驻村工作队 = h.WorkTeam, 帮扶责任人 = h.Cadre,
    });

    public static string Of(Member m) => Of(new
    {
        户Id = m.HouseholdId, 姓名 = m.Name, 证件号码 = m.IdMasked, 与户主关系 = m.RelationToHead, 性别 = Vocabulary.Name(m.Sex),
        出生年份 = m.BirthYear, 民族 = m.Ethnicity, 文化程度 = m.Education, 在校生状况 = m.SchoolStatus,
        健康状况 = m.Health, 残疾 = m.Disability, 劳动技能 = Vocabulary.Name(m.Labour), 务工状况 = m.WorkStatus,
        务工月数 = m.MonthsWorked, 加入日期 = m.JoinedOn?.ToString("yyyy-MM-dd"), 离开日期 = m.LeftOn?.ToString("yyyy-MM-dd"),
    });

    public static string Of(HouseholdYearFacts f) => Of(new
    {
        户Id = f.HouseholdId, 年度 = f.Year, 户类型 = Vocabulary.Name(f.Type), 监测对象类别 = f.Monitoring is { } m ? Vocabulary.Name(m) : null,
    });

    public static string Of(MemberYearFacts f) => Of(new
    {
        成员Id = f.MemberId, 年度 = f.Year, 户Id = f.HouseholdId, 与户主关系 = f.RelationToHead, 劳动技能 = Vocabulary.Name(f.Labour),
        务工状况 = f.WorkStatus, 务工月数 = f.MonthsWorked, 在校生状况 = f.SchoolStatus, 健康状况 = f.Health,
    });

    public static string Of(IEnumerable<IncomeEntry> entries) => Of(entries.Select(e => new
    {
        年度 = e.Year, 月份 = e.Month, 类别 = IncomeCategories.Name(e.Category), 分项 = e.Subcategory, 金额 = Money.Invariant(e.Amount),
        来源 = e.SourceFile is null ? e.RecordedBy : $"{e.SourceFile} 第{e.SourceRow}行", 不计入 = e.ExcludedReason,
    }).ToList());
}
