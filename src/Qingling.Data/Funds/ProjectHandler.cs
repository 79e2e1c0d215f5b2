using Microsoft.EntityFrameworkCore;
using Qingling.Core.Funds;
using Qingling.Core.Regions;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Plans;

namespace Qingling.Data.Funds;

/// <summary>A project as written in a projects file: village and households by name and code.</summary>
public sealed record ProjectInput
{
    public int Year { get; init; }
    public string Name { get; init; } = "";
    public FundSource Source { get; init; }
    public FundUse Use { get; init; }
    public decimal Amount { get; init; }
    public string? Village { get; init; }
    public IReadOnlyList<string> LinkedHouseholds { get; init; } = [];
}

/// <summary>The project library (项目库): load from a file, all or nothing; list.</summary>
public sealed class ProjectHandler(Store store, string actor)
{
    public IReadOnlyList<Project> Load(string path)
    {
        return Add(PlanJson.ReadFile<List<ProjectInput>>(path), Path.GetFileName(path));
    }

    public IReadOnlyList<Project> Add(IReadOnlyList<ProjectInput> inputs, string source)
    {
        using var db = store.CreateContext();
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToList();
        var codes = db.Households.AsNoTracking().Select(h => h.Code).ToHashSet();
        var problems = new List<string>();
        var projects = new List<Project>();
        foreach (var (p, i) in inputs.Select((p, i) => (p, i + 1)))
        {
            var at = $"第{i}个项目“{p.Name}”";
            if (string.IsNullOrWhiteSpace(p.Name)) problems.Add($"第{i}个项目缺少名称");
            if (p.Amount <= 0) problems.Add($"{at}的金额应为正数");
            if (p.Amount != Qingling.Core.Income.Money.Round(p.Amount)) problems.Add($"{at}的金额最多两位小数");
            if (p.Year is < 2000 or > 2100) problems.Add($"{at}的年度无效");
            long? villageId = null;
            if (p.Village is { Length: > 0 } v)
            {
                var matches = villages.Where(r => r.Name == v).ToList();
                if (matches.Count != 1) problems.Add($"{at}的村“{v}”{(matches.Count == 0 ? "不存在" : "有重名，无法确定")}");
                else villageId = matches[0].Id;
            }
            foreach (var code in p.LinkedHouseholds.Where(c => !codes.Contains(c))) problems.Add($"{at}联结的户“{code}”不存在");
            projects.Add(new Project { Year = p.Year, Name = p.Name, Source = p.Source, Use = p.Use, Amount = p.Amount, VillageId = villageId, LinkedHouseholds = string.Join(",", p.LinkedHouseholds) });
        }
        if (problems.Count > 0) throw new InvalidDataException($"{source}：项目未载入：\n  " + string.Join("\n  ", problems));
        using var tx = db.Database.BeginTransaction();
        db.Projects.AddRange(projects);
        db.SaveChanges();
        AuditLog.Add(db, actor, "新增", "项目", $"从{source}载入{projects.Count}个项目，共{projects.Sum(p => p.Amount):0.00}元",
            after: AuditJson.Of(projects.Select(p => new { p.Id, p.Year, p.Name, 来源 = FundSources.Name(p.Source), 用途 = FundSources.Name(p.Use), 金额 = p.Amount })));
        db.SaveChanges();
        tx.Commit();
        return projects;
    }

    public IReadOnlyList<Project> List(int? year)
    {
        using var db = store.CreateContext();
        return db.Projects.AsNoTracking().Where(p => year == null || p.Year == year).OrderBy(p => p.Year).ThenBy(p => p.Id).ToList();
    }
}
