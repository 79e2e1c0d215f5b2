using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Plans;
using Qingling.Core.Showcase;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Showcase;

/// <summary>
/// 选树典型 write-ups: the household's consent to publicity, a draft from the record, staff edits (every version kept),
/// approval and publication, each traced. Refusals are <see cref="InvalidOperationException"/> with every reason in Chinese;
/// an unknown case or household is <see cref="KeyNotFoundException"/>.
/// </summary>
public sealed class ShowcaseHandler(Store store, PlanDefinition plan, string actor)
{
    const string Entity = "典型案例", ConsentEntity = "同意公开宣传";

    public PublicityConsent RecordConsent(string householdCode, DateOnly? on, string how, DateOnly today)
    {
        using var db = store.CreateContext();
        var household = db.Households.AsNoTracking().SingleOrDefault(h => h.Code == householdCode) ?? throw new KeyNotFoundException($"没有户编号为“{householdCode}”的户");
        var problems = ShowcaseRules.ConsentProblems(on, how ?? "", today);
        if (problems.Count > 0) throw new InvalidOperationException("未记录同意：" + string.Join("；", problems));
        var consent = new PublicityConsent { HouseholdId = household.Id, On = on!.Value, How = how!.Trim(), RecordedBy = actor, RecordedAt = DateTime.UtcNow };
        db.PublicityConsents.Add(consent);
        db.SaveChanges();
        AuditLog.Add(db, actor, "新增", ConsentEntity, $"户{householdCode}于{consent.On:yyyy-MM-dd}同意将本户情况作为典型案例公开宣传（{consent.How}）", consent.Id, household.Id);
        db.SaveChanges();
        return consent;
    }

    /// <summary>The household's latest consent to publicity, or null.</summary>
    public PublicityConsent? Consent(long householdId)
    {
        using var db = store.CreateContext();
        return Consent(db, householdId);
    }

    static PublicityConsent? Consent(QinglingDbContext db, long householdId) =>
        db.PublicityConsents.AsNoTracking().Where(c => c.HouseholdId == householdId).OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).FirstOrDefault();

    /// <summary>Drafts a case from the record (refused with the reasons when the record does not support one).</summary>
    public ShowcaseCase Draft(string householdCode, DateOnly date)
    {
        using var db = store.CreateContext();
        var c = Build(db, householdCode, date);
        db.ShowcaseCases.Add(c);
        db.SaveChanges();
        db.ShowcaseVersions.Add(new ShowcaseVersion { CaseId = c.Id, Version = 1, Title = c.Title, Text = c.Text, EditedBy = actor, EditedAt = c.CreatedAt });
        AuditLog.Add(db, actor, "新增", Entity, $"根据记录起草典型案例#{c.Id}（户{householdCode}，{c.Village}）", c.Id, c.HouseholdId);
        db.SaveChanges();
        return c;
    }

    /// <summary>The draft the record supports, not stored (`showcase draft` prints it or writes it as Word).</summary>
    public ShowcaseCase Unsaved(string householdCode, DateOnly date)
    {
        using var db = store.CreateContext();
        return Build(db, householdCode, date);
    }

    ShowcaseCase Build(QinglingDbContext db, string householdCode, DateOnly date)
    {
        var facts = ShowcaseQuery.Facts(db, plan, householdCode, date);
        var problems = ShowcaseDraft.Problems(facts);
        if (problems.Count > 0) throw new ShowcaseNotSupportedException($"户{householdCode}的记录还不足以作为典型案例：{string.Join("；", problems)}");
        var household = db.Households.AsNoTracking().Single(h => h.Code == householdCode);
        var text = ShowcaseRules.Clean(ShowcaseDraft.Write(facts, plan.Name), Names(db, household.Id));
        return new ShowcaseCase
        {
            PlanKey = plan.Key, HouseholdId = household.Id, Village = facts.Village, Channel = ShowcaseDraft.MainChannel(facts), Title = text.Split('\n', 2)[0].Trim(), Text = text,
            Figures = JsonSerializer.Serialize(ShowcaseQuery.Figures(facts)), BeforeYear = facts.Before.Year, AfterYear = facts.After.Year,
            CreatedBy = actor, CreatedAt = DateTime.UtcNow,
        };
    }

    /// <summary>Saves an edited text as a new version; an approved case goes back to draft, to be approved again.</summary>
    public ShowcaseCase Edit(long id, string title, string text)
    {
        using var db = store.CreateContext();
        var c = Find(db, id);
        var problems = ShowcaseRules.EditProblems(c, title ?? "", text ?? "");
        if (problems.Count > 0) throw new InvalidOperationException("案例未保存：" + string.Join("；", problems));
        var names = Names(db, c.HouseholdId);
        var (newTitle, newText) = (ShowcaseRules.Clean(title!.Trim(), names), ShowcaseRules.Clean(text!.Replace("\r\n", "\n").Trim(), names));
        if (newTitle == c.Title && newText == c.Text) return c;
        var before = $"第{c.Version}版，{ShowcaseStatuses.Name(c.Status)}";
        c.Version++;
        (c.Title, c.Text) = (newTitle, newText);
        if (c.Status == ShowcaseStatus.Approved) (c.Status, c.ApprovedBy, c.ApprovedAt) = (ShowcaseStatus.Draft, null, null);
        db.ShowcaseVersions.Add(new ShowcaseVersion { CaseId = c.Id, Version = c.Version, Title = c.Title, Text = c.Text, EditedBy = actor, EditedAt = DateTime.UtcNow });
        db.SaveChanges();
        AuditLog.Add(db, actor, "修改", Entity, $"修改典型案例#{c.Id}，保存为第{c.Version}版", c.Id, c.HouseholdId, before, $"第{c.Version}版，{ShowcaseStatuses.Name(c.Status)}");
        db.SaveChanges();
        return c;
    }

    /// <summary>Approves a draft: only with the household's consent recorded. Who may approve is the caller's check (admin, leader).</summary>
    public ShowcaseCase Approve(long id)
    {
        using var db = store.CreateContext();
        var c = Find(db, id);
        var problems = ShowcaseRules.ApproveProblems(c, Consent(db, c.HouseholdId));
        if (problems.Count > 0) throw new InvalidOperationException("未审核通过：" + string.Join("；", problems));
        (c.Status, c.ApprovedBy, c.ApprovedAt) = (ShowcaseStatus.Approved, actor, DateTime.UtcNow);
        db.SaveChanges();
        AuditLog.Add(db, actor, "修改", Entity, $"审核通过典型案例#{c.Id}（第{c.Version}版）", c.Id, c.HouseholdId, "草稿", "已审核");
        db.SaveChanges();
        return c;
    }

    /// <summary>Publishes an approved case: only with consent, and only a text with no ID or phone number in it.</summary>
    public ShowcaseCase Publish(long id)
    {
        using var db = store.CreateContext();
        var c = Find(db, id);
        var problems = ShowcaseRules.PublishProblems(c, Consent(db, c.HouseholdId)).ToList();
        if (ShowcaseRules.HasPersonalNumber(c.Title + "\n" + c.Text)) problems.Add($"案例#{c.Id}正文含有疑似证件号码或电话号码");
        if (problems.Count > 0) throw new InvalidOperationException("未发布：" + string.Join("；", problems));
        (c.Status, c.PublishedBy, c.PublishedAt) = (ShowcaseStatus.Published, actor, DateTime.UtcNow);
        db.SaveChanges();
        AuditLog.Add(db, actor, "修改", Entity, $"发布典型案例#{c.Id}（第{c.Version}版）", c.Id, c.HouseholdId, "已审核", "已发布");
        db.SaveChanges();
        return c;
    }

    public ShowcaseCase Get(long id)
    {
        using var db = store.CreateContext();
        return db.ShowcaseCases.AsNoTracking().SingleOrDefault(c => c.Id == id && c.PlanKey == plan.Key) ?? throw new KeyNotFoundException($"没有编号为{id}的典型案例");
    }

    public IReadOnlyList<ShowcaseCase> Cases()
    {
        using var db = store.CreateContext();
        return db.ShowcaseCases.AsNoTracking().Where(c => c.PlanKey == plan.Key).OrderBy(c => c.Village).ThenBy(c => c.Id).ToList();
    }

    public IReadOnlyList<ShowcaseVersion> Versions(long id)
    {
        using var db = store.CreateContext();
        return db.ShowcaseVersions.AsNoTracking().Where(v => v.CaseId == id).OrderByDescending(v => v.Version).ToList();
    }

    public static IReadOnlyList<ShowcaseFigure> FiguresOf(ShowcaseCase c) => JsonSerializer.Deserialize<List<ShowcaseFigure>>(c.Figures) ?? [];

    ShowcaseCase Find(QinglingDbContext db, long id) =>
        db.ShowcaseCases.SingleOrDefault(c => c.Id == id && c.PlanKey == plan.Key) ?? throw new KeyNotFoundException($"没有编号为{id}的典型案例");

    /// <summary>Every name the household's members have had, to be replaced by 某某.</summary>
    static List<string> Names(QinglingDbContext db, long householdId) =>
        db.Members.AsNoTracking().Where(m => m.HouseholdId == householdId).Select(m => m.Name).Distinct().ToList();
}

/// <summary>The household exists, but its record does not (yet) support a case: the reasons are in the message.</summary>
public sealed class ShowcaseNotSupportedException(string message) : InvalidOperationException(message);
