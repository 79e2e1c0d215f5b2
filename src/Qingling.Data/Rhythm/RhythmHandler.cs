using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Plans;
using Qingling.Core.Regions;
using Qingling.Core.Rhythm;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Rhythm;

/// <summary>A visit as a user records it.</summary>
public sealed record VisitInput
{
    public long Round { get; init; }
    public string Household { get; init; } = "";
    /// <summary>The visit's date; missing is one of the problems named (with every other) when the visit is refused.</summary>
    public DateOnly? On { get; init; }
    public string Visitors { get; init; } = "";
    public string Changes { get; init; } = "";
    public IReadOnlyList<string> Risks { get; init; } = [];
    public string HouseholdWords { get; init; } = "";
    /// <summary>Expected change of yearly income (signed yuan), with its category and first month.</summary>
    public decimal ExpectedChange { get; init; }
    public string ExpectedChangeCategory { get; init; } = "工资性";
    public int ExpectedChangeFromMonth { get; init; } = 1;
    /// <summary>Income found and recorded at the visit, entered in the ledger.</summary>
    public IReadOnlyList<VisitIncome> Income { get; init; } = [];
}

public sealed record VisitIncome(string Category, string Subcategory, decimal Amount, int Month);

/// <summary>Screening rounds and visits, review decisions as tasks, and held reviews with their frozen figures.</summary>
public sealed class RhythmHandler(Store store, PlanDefinition plan, string actor)
{
    public ScreeningRound AddRound(string village, DateOnly from, DateOnly to, string? name)
    {
        using var db = store.CreateContext();
        var villageId = VillageId(db, village);
        if (to < from) throw new InvalidOperationException($"排查结束日期{to:yyyy-MM-dd}早于开始日期{from:yyyy-MM-dd}");
        var round = new ScreeningRound
        {
            PlanKey = plan.Key, VillageId = villageId, From = from, To = to, Name = name ?? $"{village}{from:yyyy年M月d日}—{to:M月d日}动态排查",
            CreatedBy = actor, CreatedAt = DateTime.UtcNow,
        };
        db.ScreeningRounds.Add(round);
        db.SaveChanges();
        Trace(db, "新增", "排查", round.Id, null, $"建立{round.Name}");
        return round;
    }

    static long VillageId(QinglingDbContext db, string village)
    {
        var ids = db.Regions.Where(r => r.Level == RegionLevel.Village && r.Name == village).Select(r => r.Id).ToList();
        return ids.Count == 1 ? ids[0] : throw new InvalidOperationException(ids.Count == 0 ? $"没有村“{village}”" : $"村名“{village}”有重名");
    }

    /// <summary>Records a visit; income found enters the ledger; a new risk opens a follow-up task for the village.</summary>
    public (Visit Visit, FollowUpTask? FollowUp) AddVisit(VisitInput input)
    {
        using var db = store.CreateContext();
        using var tx = db.Database.BeginTransaction();
        var result = AddVisit(db, input);
        tx.Commit();
        return result;
    }

    /// <summary>Records many visits in one transaction: one bad visit and none is kept, every problem listed.</summary>
    public int AddVisits(IReadOnlyList<VisitInput> inputs)
    {
        using var db = store.CreateContext();
        using var tx = db.Database.BeginTransaction();
        var problems = new List<string>();
        foreach (var (input, i) in inputs.Select((v, i) => (v, i + 1)))
        {
            try { AddVisit(db, input); }
            catch (InvalidOperationException e) { problems.Add($"第{i}条（户{input.Household}）：{e.Message}"); }
        }
        if (problems.Count > 0) throw new InvalidOperationException("走访记录全部未保存：\n  " + string.Join("\n  ", problems));
        tx.Commit();
        return inputs.Count;
    }

    (Visit Visit, FollowUpTask? FollowUp) AddVisit(QinglingDbContext db, VisitInput input)
    {
        var problems = new List<string>();
        var round = db.ScreeningRounds.SingleOrDefault(r => r.Id == input.Round);
        var household = db.Households.AsNoTracking().SingleOrDefault(h => h.Code == input.Household);
        if (round is null) problems.Add($"没有编号为{input.Round}的排查");
        // An empty field is asked for, not quoted back as “”.
        if (string.IsNullOrWhiteSpace(input.Household)) problems.Add("请填写户编号");
        else if (household is null) problems.Add($"没有户编号为“{input.Household}”的户");
        if (round is not null && household is not null && household.VillageId != round.VillageId) problems.Add($"户{input.Household}不在本次排查的村");
        if (input.On is null) problems.Add("请填写走访日期");
        else if (round is not null && (input.On < round.From || input.On > round.To)) problems.Add($"走访日期{input.On:yyyy-MM-dd}不在排查期间{round.From:yyyy-MM-dd}—{round.To:yyyy-MM-dd}内");
        if (string.IsNullOrWhiteSpace(input.Visitors)) problems.Add("请写明走访人");
        foreach (var r in input.Risks.Where(r => !Vocabulary.Risks.Contains(r))) problems.Add($"未知的风险“{r}”，应为：{string.Join("、", Vocabulary.Risks)}");
        if (!IncomeCategories.TryParse(input.ExpectedChangeCategory, out var changeCategory) || changeCategory == IncomeCategory.ProductionCost)
            problems.Add($"预计收入变化的类别“{input.ExpectedChangeCategory}”应为工资性、生产经营性、财产性或转移性");
        if (input.ExpectedChangeFromMonth is < 1 or > 12) problems.Add("预计收入变化的起始月份应为1到12");
        var entries = new List<IncomeEntry>();
        foreach (var i in input.Income)
        {
            if (!IncomeCategories.TryParse(i.Category, out var c)) { problems.Add($"未知的收入类别“{i.Category}”"); continue; }
            if (i.Amount <= 0 || i.Amount != Money.Round(i.Amount)) { problems.Add($"收入金额{i.Amount}应为正数，最多两位小数"); continue; }
            if (i.Month is < 1 or > 12) { problems.Add($"收入月份{i.Month}应为1到12"); continue; }
            // The subcategory decides whether the amount counts: one-off help is kept, shown, and left out of net income.
            if (!CountingRules.For(plan).TryClassify(c, i.Subcategory ?? "", out var excluded, out var subProblem)) { problems.Add(subProblem!); continue; }
            entries.Add(new IncomeEntry
            {
                Year = plan.Year, Month = i.Month, Category = c, Subcategory = i.Subcategory!.Trim(), Amount = i.Amount, Source = IncomeSource.Manual,
                RecordedBy = actor, RecordedAt = DateTime.UtcNow, ExcludedReason = excluded,
            });
        }
        if (problems.Count > 0) throw new InvalidOperationException("走访记录未保存：" + string.Join("；", problems));
        var on = input.On!.Value;

        var visit = new Visit
        {
            RoundId = round!.Id, HouseholdId = household!.Id, On = on, Visitors = input.Visitors, Changes = input.Changes,
            RisksFound = string.Join("、", input.Risks), HouseholdWords = input.HouseholdWords, ExpectedChange = input.ExpectedChange,
            ExpectedChangeCategory = changeCategory, ExpectedChangeFromMonth = input.ExpectedChangeFromMonth, CreatedBy = actor, CreatedAt = DateTime.UtcNow,
        };
        db.Visits.Add(visit);
        db.SaveChanges();
        foreach (var e in entries)
        {
            e.HouseholdId = household.Id;
            e.Note = $"入户走访#{visit.Id}（{on:yyyy-MM-dd}）";
        }
        db.IncomeEntries.AddRange(entries);
        Trace(db, "新增", "走访", visit.Id, household.Id, $"{on:yyyy-MM-dd}入户走访户{household.Code}（{input.Visitors}）：{input.Changes}",
            AuditJson.Of(new { 变化 = input.Changes, 风险 = visit.RisksFound, 群众意见 = input.HouseholdWords, 预计年收入变化 = Money.Invariant(input.ExpectedChange), 录入收入 = entries.Count }));
        FollowUpTask? followUp = null;
        if (input.Risks.Count > 0)
        {
            var village = db.Regions.Where(r => r.Id == household.VillageId).Select(r => r.Name).Single();
            followUp = new FollowUpTask
            {
                PlanKey = plan.Key, VisitId = visit.Id, Title = $"跟进户{household.Code}新发现的风险：{visit.RisksFound}", Owner = village,
                Due = on.AddDays(plan.Rhythm.ReviewEveryDays), Households = household.Code, CreatedBy = actor, CreatedAt = DateTime.UtcNow,
            };
            db.Tasks.Add(followUp);
        }
        db.SaveChanges();
        return (visit, followUp);
    }

    public FollowUpTask AddTask(long? reviewId, string title, string owner, DateOnly due, IReadOnlyList<string> households)
    {
        using var db = store.CreateContext();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(title)) problems.Add("请写明任务内容");
        if (due == default) problems.Add("请填写期限");
        var villages = db.Regions.Where(r => r.Level == RegionLevel.Village).Select(r => r.Name).ToHashSet();
        if (!plan.Departments.Contains(owner) && !villages.Contains(owner)) problems.Add($"责任方“{owner}”既不是方案的责任单位，也不是村（社区）");
        var codes = db.Households.Select(h => h.Code).Where(c => households.Contains(c)).ToHashSet();
        foreach (var c in households.Where(c => !codes.Contains(c))) problems.Add($"没有户编号为“{c}”的户");
        if (reviewId is { } id && !db.Reviews.Any(r => r.Id == id)) problems.Add($"没有编号为{id}的研判");
        if (problems.Count > 0) throw new InvalidOperationException("任务未保存：" + string.Join("；", problems));
        var task = new FollowUpTask
        {
            PlanKey = plan.Key, ReviewId = reviewId, Title = title, Owner = owner, Due = due, Households = string.Join(",", households),
            CreatedBy = actor, CreatedAt = DateTime.UtcNow,
        };
        db.Tasks.Add(task);
        db.SaveChanges();
        Trace(db, "新增", "任务", task.Id, null, $"研判决定：{title}（{owner}，{due:yyyy-MM-dd}前）");
        return task;
    }

    public FollowUpTask CompleteTask(long id, DateOnly on, string note)
    {
        using var db = store.CreateContext();
        var task = db.Tasks.SingleOrDefault(t => t.Id == id) ?? throw new InvalidOperationException($"没有编号为{id}的任务");
        if (task.Status == Core.Rhythm.TaskStatus.Done) throw new InvalidOperationException($"任务#{id}已于{task.DoneOn:yyyy-MM-dd}完成");
        if (string.IsNullOrWhiteSpace(note)) throw new InvalidOperationException("请写明完成情况");
        (task.Status, task.DoneOn, task.DoneNote) = (Core.Rhythm.TaskStatus.Done, on, note);
        db.SaveChanges();
        Trace(db, "修改", "任务", task.Id, null, $"任务#{id}完成：{note}");
        return task;
    }

    /// <summary>Holds a review: its pack is frozen, and the next pack compares with these figures.</summary>
    public Review Hold(ReviewPack pack, ReviewKind kind)
    {
        // A review of another year (a mistyped 2033-06-30) would close, and freeze the scorecards of, every 考核 period
        // of the plan year ended by its date: refused before anything is written.
        if (pack.Date.Year != plan.Year)
            throw new InvalidOperationException($"研判日期{pack.Date:yyyy-MM-dd}不在方案“{plan.Name}”的年度{plan.Year}年内，不能召开");
        using var db = store.CreateContext();
        // One transaction: the review, its trace line and the scorecards it freezes land together or not at all. Until it
        // commits, nobody sees the review, so a 考核 page read meanwhile cannot freeze the same period first.
        using var tx = db.Database.BeginTransaction();
        if (db.Reviews.Any(r => r.PlanKey == plan.Key && r.Kind == kind && r.On == pack.Date))
            throw new InvalidOperationException($"{pack.Date:yyyy-MM-dd}已召开过研判");
        var review = new Review { PlanKey = plan.Key, Kind = kind, On = pack.Date, Snapshot = JsonSerializer.Serialize(pack), HeldBy = actor, HeldAt = DateTime.UtcNow };
        db.Reviews.Add(review);
        db.SaveChanges();
        Trace(db, "新增", "研判", review.Id, null, $"召开{(kind == ReviewKind.Quarterly ? "季度调度" : "半月研判")}（{pack.Date:yyyy-MM-dd}），清零对象{pack.TargetCodes.Count}户，冻结当时数据");
        // A held review closes the assessment periods ended by its date: their scorecards are frozen with it.
        Qingling.Data.Assessment.AssessmentHandler.FreezeClosedBy(db, plan, review, actor);
        tx.Commit();
        return review;
    }

    void Trace(QinglingDbContext db, string action, string entity, long id, long? household, string summary, string? after = null)
    {
        AuditLog.Add(db, actor, action, entity, summary, id, household, after: after);
        db.SaveChanges();
    }
}
