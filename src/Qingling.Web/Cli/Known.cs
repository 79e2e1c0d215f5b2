using Microsoft.EntityFrameworkCore;
using Qingling.Core.Regions;
using Qingling.Data.Database;

namespace Qingling.Web.Cli;

/// <summary>
/// Names given on the command line checked against what the database or plan knows: a typo is an error that lists
/// the known names, never an empty result that looks like an answer.
/// </summary>
public static class Known
{
    public static void Village(QinglingDbContext db, string? name)
    {
        if (name is null) return;
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).Select(r => r.Name).Distinct().OrderBy(n => n).ToList();
        if (!villages.Contains(name))
            throw new UsageException($"没有名为“{name}”的村（社区）。已有：{List(villages)}");
    }

    public static void Department(Core.Plans.PlanDefinition plan, string? name)
    {
        if (name is not null && !plan.Departments.Contains(name))
            throw new UsageException($"方案“{plan.Name}”中没有责任单位“{name}”。责任单位有：{List(plan.Departments)}");
    }

    /// <summary>A year with no income recorded for the scope has nothing to list: it says so and the command exits 1.</summary>
    public static void YearHasIncome(QinglingDbContext db, int year, string? village)
    {
        var entries = db.IncomeEntries.AsNoTracking().Where(e => e.Year == year);
        if (village is not null)
        {
            var ids = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village && r.Name == village).Select(r => r.Id).ToList();
            var households = db.Households.Where(h => ids.Contains(h.VillageId)).Select(h => h.Id);
            entries = entries.Where(e => households.Contains(e.HouseholdId));
        }
        if (entries.Any()) return;
        var years = db.IncomeEntries.AsNoTracking().Select(e => e.Year).Distinct().OrderBy(y => y).ToList();
        throw new NoDataException($"{(village is null ? "" : village)}{year}年没有收入数据。" +
            (years.Count == 0 ? "数据库中还没有任何收入记录：请先导入全国系统导出文件（qingling import）。" : $"有收入数据的年度：{string.Join("、", years)}"));
    }

    static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "（无）" : string.Join("、", all.Take(60)) + (all.Count > 60 ? $" 等{all.Count}个" : "");
    }
}

/// <summary>The question has no data to answer it (a year without records): exit 1, with the reason.</summary>
public sealed class NoDataException(string message) : Exception(message);
