using Qingling.Core.Measures;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Web.Web;

namespace Qingling.Web.Measures;

/// <summary>
/// The 帮扶措施 list as the page's filters select it (view, department), within what the user may see: one function for
/// the page and its Excel export, so the export of a filtered page holds exactly the page's rows.
/// </summary>
public static class MeasureList
{
    /// <summary>The department actually listed: a department user sees its own, whatever it asks for.</summary>
    public static string? Department(CurrentUser current, string? asked) =>
        current.User.Role == Role.Department ? current.User.Department : string.IsNullOrEmpty(asked) ? null : asked;

    /// <param name="cache">
    /// When given, the plan's measures (of one department or all) are read once per data version: the list reads and sorts
    /// every measure of the plan (6,000 at a county's size, 50 ms), and only the user's scope and the view are applied per request.
    /// </param>
    public static List<MeasureRow> Load(QinglingDbContext db, string planKey, CurrentUser current, string? view, string? department, DateOnly today,
        PlanContext? cache = null)
    {
        var rows = PlanRows(db, planKey, Department(current, department), cache).Where(r => current.CanSee(r.HouseholdId));
        return (view switch
        {
            "due" => rows.Where(r => r.Status is MeasureStatus.Planned or MeasureStatus.UnderWay && r.End >= today && r.End <= today.AddDays(30)),
            "overdue" => rows.Where(r => r.OverdueOn(today)),
            "unverified" => rows.Where(r => r.Status == MeasureStatus.Done),
            _ => rows,
        }).ToList();
    }

    /// <summary>
    /// The plan's measures (of one department, or all), sorted as the lists show them: once per data version when the pages'
    /// cache is given (6,000 at a county's size, 50 ms to read), every user's scope applied by the caller.
    /// </summary>
    public static IReadOnlyList<MeasureRow> PlanRows(QinglingDbContext db, string planKey, string? department, PlanContext? cache)
    {
        var filter = new MeasureFilter(Department: department);
        return cache is null ? MeasureQuery.List(db, planKey, filter)
            : cache.Cached(("measure-rows", planKey, department), () => MeasureQuery.List(db, planKey, filter));
    }

    public static string ViewName(string? view) => view switch
    {
        "due" => "30天内到期",
        "overdue" => "逾期",
        "unverified" => "已完成待核实",
        _ => "全部措施",
    };
}
