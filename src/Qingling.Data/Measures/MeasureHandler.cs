using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Core.Plans;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Measures;

/// <summary>Adds measures (creating the household's 一户一策 when needed), moves them through their statuses, lists them.</summary>
public sealed class MeasureHandler(Store store, PlanDefinition plan, string actor)
{
    /// <summary>How refusals name the fields to fill (the CLI's options unless the caller is a web form or the API).</summary>
    public MeasureFieldNames Fields { get; init; } = MeasureFieldNames.CommandLine;

    /// <summary>Adds households' plans and measures from a file's content, all or nothing.</summary>
    public IReadOnlyList<Measure> AddPlans(IReadOnlyList<HouseholdPlanInput> households)
    {
        using var db = store.CreateContext();
        using var tx = db.Database.BeginTransaction();
        var added = new List<Measure>();
        var problems = new List<string>();
        foreach (var (h, hi) in households.Select((h, i) => (h, i)))
        {
            try
            {
                var householdPlan = EnsureHouseholdPlan(db, h.Household, h.Diagnosis, h.Wishes);
                foreach (var (m, mi) in h.Measures.Select((m, i) => (m, i)))
                {
                    try { added.Add(Add(db, householdPlan, m with { Household = h.Household })); }
                    catch (MeasureRejectedException e) { problems.AddRange(e.Problems.Select(p => $"第{hi + 1}户（{h.Household}）第{mi + 1}项措施：{p}")); }
                }
            }
            catch (MeasureRejectedException e) { problems.AddRange(e.Problems.Select(p => $"第{hi + 1}户（{h.Household}）：{p}")); }
            // Each save looks at everything the context tracks: a file of thousands of households kept in one context made
            // every save slower than the last (3,000 households were not added in 10 minutes). What is saved is let go.
            db.ChangeTracker.Clear();
        }
        if (problems.Count > 0) throw new MeasureRejectedException("措施文件有误，全部未保存", problems);
        tx.Commit();
        return added;
    }

    /// <summary>Adds one measure; creates the household's 一户一策 if it has none in this plan.</summary>
    public Measure Add(MeasureInput input)
    {
        using var db = store.CreateContext();
        using var tx = db.Database.BeginTransaction();
        var householdPlan = EnsureHouseholdPlan(db, input.Household, [], "");
        var measure = Add(db, householdPlan, input);
        tx.Commit();
        return measure;
    }

    HouseholdPlan EnsureHouseholdPlan(QinglingDbContext db, string householdCode, IReadOnlyList<string> diagnosis, string wishes)
    {
        var household = db.Households.AsNoTracking().SingleOrDefault(h => h.Code == householdCode)
            ?? throw new MeasureRejectedException("户", [$"没有户编号为“{householdCode}”的户"]);
        var unknown = diagnosis.Where(d => !Diagnoses.All.Contains(d)).ToList();
        if (unknown.Count > 0) throw new MeasureRejectedException("户", [$"未知的致贫因素“{string.Join("、", unknown)}”，应为：{string.Join("、", Diagnoses.All)}"]);
        var existing = db.HouseholdPlans.SingleOrDefault(p => p.PlanKey == plan.Key && p.HouseholdId == household.Id);
        if (existing is not null)
        {
            if (diagnosis.Count > 0 || wishes.Length > 0)
            {
                var before = AuditJson.Of(new { 致贫因素 = existing.Diagnosis, 意愿 = existing.Wishes });
                if (diagnosis.Count > 0) existing.Diagnosis = string.Join("、", diagnosis);
                if (wishes.Length > 0) existing.Wishes = wishes;
                Trace(db, "修改", "一户一策", existing.Id, household.Id, $"更新户{householdCode}的一户一策", before, AuditJson.Of(new { 致贫因素 = existing.Diagnosis, 意愿 = existing.Wishes }));
                db.SaveChanges();
            }
            return existing;
        }
        var created = new HouseholdPlan
        {
            PlanKey = plan.Key, HouseholdId = household.Id, Diagnosis = string.Join("、", diagnosis), Wishes = wishes,
            CreatedOn = DateOnly.FromDateTime(DateTime.UtcNow), CreatedBy = actor,
        };
        db.HouseholdPlans.Add(created);
        db.SaveChanges();
        Trace(db, "新增", "一户一策", created.Id, household.Id, $"为户{householdCode}建立一户一策（{plan.Name}）", null,
            AuditJson.Of(new { 致贫因素 = created.Diagnosis, 意愿 = created.Wishes }));
        db.SaveChanges();
        return created;
    }

    Measure Add(QinglingDbContext db, HouseholdPlan householdPlan, MeasureInput input)
    {
        var problems = new List<string>();
        var household = db.Households.AsNoTracking().Single(h => h.Id == householdPlan.HouseholdId);
        var channel = Channels.Parse(input.Channel);
        if (channel is null) problems.Add($"未知的增收渠道“{input.Channel}”，应为：{string.Join("、", Channels.All.Select(c => $"{c}（{Channels.Name(c)}）"))}");
        var status = MeasureStatuses.Parse(input.Status);
        if (status is null) problems.Add($"未知的状态“{input.Status}”");
        IncomeCategory category = IncomeCategory.Wage;
        if (input.ExpectedGain > 0 && !IncomeCategories.TryParse(input.GainCategory, out category)) problems.Add("预期增收须写明收入类别（工资性、生产经营性、财产性、转移性）" + (string.IsNullOrWhiteSpace(input.GainCategory) ? "" : $"，而不是“{input.GainCategory}”"));
        if (category == IncomeCategory.ProductionCost) problems.Add("预期增收的类别不能是生产经营性支出");
        var member = input.Member is { Length: > 0 } who ? FindMember(db, household.Id, who, problems) : null;
        if (problems.Count > 0) throw new MeasureRejectedException($"户{household.Code}", problems);

        var measure = new Measure
        {
            HouseholdPlanId = householdPlan.Id, HouseholdId = household.Id, Channel = channel!, Kind = input.Kind ?? "", Description = input.Description ?? "",
            MemberId = member?.Id, Department = input.Department ?? "", ResponsiblePerson = input.ResponsiblePerson ?? "", VillageId = household.VillageId,
            Start = input.Start, End = input.End, ExpectedGain = input.ExpectedGain, GainCategory = category, PaysFromMonth = input.PaysFromMonth,
            Status = status!.Value, Evidence = input.Evidence ?? "", ConsentOn = input.ConsentOn, ConsentHow = input.ConsentHow ?? "",
            DeclineReason = string.IsNullOrWhiteSpace(input.DeclineReason) ? null : input.DeclineReason.Trim(),
            Details = input.Details.ToJson(), CreatedBy = actor, CreatedAt = DateTime.UtcNow,
        };
        var facts = member is null ? null : new MemberFacts(member.Id, member.HouseholdId, member.Name,
            // The exact birth date is not stored in clear (it would complete the masked ID); the age rule reads it from the ID itself.
            IdNumber.BirthDate(store.Protector.Decrypt(member.IdCipher))!.Value, member.Labour);
        var broken = MeasureRules.Check(plan, measure, facts).ToList();
        if (measure.Status is MeasureStatus.Done or MeasureStatus.Verified && string.IsNullOrWhiteSpace(measure.Evidence))
            broken.Add("已完成或已核实的措施须附佐证（如培训证书、务工合同、贷款合同、照片编号）");
        if (MeasureRules.CheckHouseholdLoans(plan, measure, HouseholdLoans(db, household.Id, measure.Start)) is { } loans) broken.Add(loans);
        if (measure.Status == MeasureStatus.Verified)
            broken.Add($"新增措施不能直接记为已核实：核实时须录入实际增收（{Fields.HowToVerify}）");
        if (broken.Count > 0) throw new MeasureRejectedException($"户{household.Code}的措施“{input.Description}”", broken);

        db.Measures.Add(measure);
        db.SaveChanges();
        db.MeasureStatusChanges.Add(new MeasureStatusChange
        {
            MeasureId = measure.Id, From = null, To = measure.Status, On = input.StatusOn ?? DateOnly.FromDateTime(DateTime.UtcNow),
            Evidence = measure.Evidence, By = actor, RecordedAt = DateTime.UtcNow,
        });
        Trace(db, "新增", "措施", measure.Id, household.Id, $"户{household.Code}新增{Channels.Name(measure.Channel)}措施：{measure.Description}", null, Snapshot(measure));
        db.SaveChanges();
        return measure;
    }

    /// <summary>The household's live microcredit loans still running on a date (in any plan: the cap is the household's).</summary>
    static IReadOnlyList<(string Description, decimal Amount)> HouseholdLoans(QinglingDbContext db, long householdId, DateOnly on) =>
        db.Measures.AsNoTracking().Where(m => m.HouseholdId == householdId && m.Channel == Channels.Finance && m.End >= on
                && m.Status != MeasureStatus.Declined && m.Status != MeasureStatus.Cancelled).AsEnumerable()
            .Select(m => (m.Description, Details: MeasureDetails.FromJson(m.Details)))
            .Where(m => m.Details.IsMicrocredit && m.Details.LoanAmount is > 0)
            .Select(m => (m.Description, m.Details.LoanAmount!.Value)).ToList();

    /// <summary>A current member of the household, by name, or by ID number (looked up by its keyed hash).</summary>
    Member? FindMember(QinglingDbContext db, long householdId, string who, List<string> problems)
    {
        var members = db.Members.AsNoTracking().Where(m => m.HouseholdId == householdId && m.LeftOn == null).ToList();
        var byName = members.Where(m => m.Name == who).ToList();
        if (byName.Count == 1) return byName[0];
        if (byName.Count > 1) { problems.Add($"本户有{byName.Count}名成员叫“{who}”，请用证件号码指定"); return null; }
        if (IdNumber.TryValidate(who, out var id, out _))
        {
            var hash = store.Protector.Hash(id);
            if (members.FirstOrDefault(m => m.IdHash.AsSpan().SequenceEqual(hash)) is { } byId) return byId;
            problems.Add($"本户没有证件号码为{IdNumber.Mask(id)}的成员");
            return null;
        }
        problems.Add($"本户没有名为“{who}”的成员");
        return null;
    }

    /// <summary>
    /// Moves a measure to a new status; verifying one that brings income records that income in the ledger, once, under a
    /// subcategory of the plan's counting rules (the measure's kind when it is one of them). Declining needs the reason.
    /// <paramref name="expectedVersion"/> is the version the caller saw (a page's form, an API client): if the
    /// measure changed since, the move is refused with <see cref="MeasureConflictException"/>. Without it, two
    /// moves at once still cannot both win: the UPDATE checks the version read here.
    /// </summary>
    public Measure Move(long measureId, MeasureStatus to, DateOnly on, string evidence, decimal? actualIncome = null, string? incomeSubcategory = null, int? expectedVersion = null)
    {
        using var db = store.CreateContext();
        using var tx = db.Database.BeginTransaction();
        var measure = db.Measures.SingleOrDefault(m => m.Id == measureId) ?? throw new MeasureRejectedException("措施", [$"没有编号为{measureId}的措施"]);
        if (expectedVersion is { } seen && seen != measure.Version) throw new MeasureConflictException(measureId, MeasureStatuses.Name(measure.Status));
        var household = db.Households.AsNoTracking().Single(h => h.Id == measure.HouseholdId);
        var problems = new List<string>();
        if (!MeasureStatuses.CanMove(measure.Status, to))
            problems.Add($"不能从“{MeasureStatuses.Name(measure.Status)}”改为“{MeasureStatuses.Name(to)}”");
        if (to is MeasureStatus.Done or MeasureStatus.Verified && string.IsNullOrWhiteSpace(evidence) && string.IsNullOrWhiteSpace(measure.Evidence))
            problems.Add("须附佐证（如培训证书、务工合同、贷款合同、照片编号）");
        if (to == MeasureStatus.Verified && measure.ExpectedGain > 0 && actualIncome is null)
            problems.Add($"核实带来收入的措施须录入实际增收金额（{Fields.Income}），它将作为收入记录计入台账");
        if (actualIncome is < 0) problems.Add("实际增收不能为负数");
        if (to != MeasureStatus.Verified && actualIncome is not null) problems.Add("只有核实时才录入实际增收");
        if (on < measure.Start && to != MeasureStatus.Declined && to != MeasureStatus.Cancelled) problems.Add($"日期{on:yyyy-MM-dd}早于措施开始日期{measure.Start:yyyy-MM-dd}");
        if (to == MeasureStatus.Declined && string.IsNullOrWhiteSpace(evidence)) problems.Add($"群众不愿意须写明原因（{Fields.Evidence}），以便核对覆盖率的分母");
        var subcategory = incomeSubcategory ?? measure.Kind;
        string? excludedReason = null;
        if (to == MeasureStatus.Verified && actualIncome is > 0
            && !CountingRules.For(plan).TryClassify(measure.GainCategory, subcategory, out excludedReason, out var subProblem))
            problems.Add(incomeSubcategory is null ? $"请选择实际增收的分项（{Fields.IncomeSubcategory}）：{subProblem}" : subProblem!);
        if (problems.Count > 0) throw new MeasureRejectedException($"措施#{measureId}", problems);

        var before = Snapshot(measure);
        var from = measure.Status;
        measure.Status = to;
        if (to == MeasureStatus.Declined) measure.DeclineReason = evidence.Trim();
        measure.Version++;
        if (!string.IsNullOrWhiteSpace(evidence)) measure.Evidence = string.IsNullOrWhiteSpace(measure.Evidence) ? evidence : measure.Evidence + "；" + evidence;
        db.MeasureStatusChanges.Add(new MeasureStatusChange { MeasureId = measure.Id, From = from, To = to, On = on, Evidence = evidence, By = actor, RecordedAt = DateTime.UtcNow });
        Trace(db, "修改", "措施", measure.Id, household.Id, $"措施#{measure.Id}（户{household.Code}）：{MeasureStatuses.Name(from)} → {MeasureStatuses.Name(to)}", before, Snapshot(measure));
        if (to == MeasureStatus.Verified && actualIncome is > 0)
        {
            var entry = new IncomeEntry
            {
                HouseholdId = household.Id, Year = on.Year, Month = on.Month, Category = measure.GainCategory,
                Subcategory = subcategory.Trim(), Amount = Money.Round(actualIncome.Value), ExcludedReason = excludedReason,
                Source = IncomeSource.Measure, MeasureId = measure.Id, RecordedBy = actor, RecordedAt = DateTime.UtcNow, Note = evidence,
            };
            db.IncomeEntries.Add(entry);
            Trace(db, "新增", "收入", null, household.Id, $"核实措施#{measure.Id}，{(excludedReason is null ? "计入" : "记录（不计入纯收入）")}{IncomeCategories.Name(entry.Category)}·{entry.Subcategory}{Money.Show(entry.Amount)}元", null, AuditJson.Of([entry]));
        }
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another move committed first (PostgreSQL lets both read the old row): nothing of this one is kept.
            tx.Rollback();
            using var fresh = store.CreateContext();
            var now = fresh.Measures.AsNoTracking().Where(m => m.Id == measureId).Select(m => m.Status).Single();
            throw new MeasureConflictException(measureId, MeasureStatuses.Name(now));
        }
        tx.Commit();
        return measure;
    }

    static string Snapshot(Measure m) => AuditJson.Of(new
    {
        渠道 = Channels.Name(m.Channel), 类型 = m.Kind, 内容 = m.Description, 成员Id = m.MemberId, 责任单位 = m.Department, 责任人 = m.ResponsiblePerson,
        开始 = m.Start.ToString("yyyy-MM-dd"), 结束 = m.End.ToString("yyyy-MM-dd"), 预期增收 = Money.Invariant(m.ExpectedGain),
        类别 = IncomeCategories.Name(m.GainCategory), 状态 = MeasureStatuses.Name(m.Status), 佐证 = m.Evidence, 不愿意原因 = m.DeclineReason,
        同意 = m.ConsentOn?.ToString("yyyy-MM-dd"), 同意方式 = m.ConsentHow, 详情 = m.Details,
    });

    void Trace(QinglingDbContext db, string action, string entity, long? id, long householdId, string summary, string? before, string? after) =>
        AuditLog.Add(db, actor, action, entity, summary, id, householdId, before, after);
}
