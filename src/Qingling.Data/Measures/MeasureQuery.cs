using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Core.Regions;
using Qingling.Data.Database;

namespace Qingling.Data.Measures;

public sealed record MeasureRow(
    long Id, long HouseholdId, string HouseholdCode, string Village, string Channel, string Kind, string Description, string? Member, string Department,
    string ResponsiblePerson, DateOnly Start, DateOnly End, decimal ExpectedGain, MeasureStatus Status, DateOnly? ConsentOn, string Evidence)
{
    /// <summary>Past its end date and not finished (nor declined or cancelled).</summary>
    public bool OverdueOn(DateOnly date) => End < date && Status is MeasureStatus.Planned or MeasureStatus.UnderWay;
}

public sealed record MeasureFilter(string? Household = null, string? Department = null, string? Village = null, string? Channel = null,
    MeasureStatus? Status = null, DateOnly? OverdueOn = null);

public static class MeasureQuery
{
    public static IReadOnlyList<MeasureRow> List(QinglingDbContext db, string planKey, MeasureFilter filter)
    {
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToDictionary(r => r.Id, r => r.Name);
        var query =
            from m in db.Measures.AsNoTracking()
            join p in db.HouseholdPlans.AsNoTracking() on m.HouseholdPlanId equals p.Id
            join h in db.Households.AsNoTracking() on m.HouseholdId equals h.Id
            where p.PlanKey == planKey
            select new { m, h.Code, Member = db.Members.Where(x => x.Id == m.MemberId).Select(x => x.Name).FirstOrDefault() };
        if (filter.Household is not null) query = query.Where(x => x.Code == filter.Household);
        if (filter.Department is not null) query = query.Where(x => x.m.Department == filter.Department);
        if (filter.Channel is not null) query = query.Where(x => x.m.Channel == filter.Channel);
        if (filter.Status is not null) query = query.Where(x => x.m.Status == filter.Status);
        var rows = query.AsEnumerable()
            .Select(x => new MeasureRow(x.m.Id, x.m.HouseholdId, x.Code, villages.GetValueOrDefault(x.m.VillageId, ""), x.m.Channel, x.m.Kind, x.m.Description, x.Member,
                x.m.Department, x.m.ResponsiblePerson, x.m.Start, x.m.End, x.m.ExpectedGain, x.m.Status, x.m.ConsentOn, x.m.Evidence))
            .Where(r => filter.Village is null || r.Village == filter.Village)
            .Where(r => filter.OverdueOn is not { } d || r.OverdueOn(d))
            .OrderBy(r => r.Village, StringComparer.Ordinal).ThenBy(r => r.HouseholdCode, StringComparer.Ordinal).ThenBy(r => r.Id)
            .ToList();
        return rows;
    }
}
