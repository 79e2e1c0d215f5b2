using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Funds;
using Qingling.Data.Database;
using Qingling.Data.Funds;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Funds;

/// <summary>资金项目: the project library and industry's share of each fund source against the plan's rules.</summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public IReadOnlyList<Project> Projects { get; private set; } = [];
    public IReadOnlyList<(FundSource Source, FundRatios.Share Share, decimal? Minimum)> Shares { get; private set; } = [];

    public void OnGet(int? year)
    {
        year ??= context.Plan?.Year;
        Projects = new ProjectHandler(store, current.Actor).List(year);
        Shares = Projects.Select(p => p.Source).Distinct().Order()
            .Select(s => (s, FundRatios.Of(Projects, s, year ?? 0), context.Plan?.FundRules.FirstOrDefault(r => r.Source == s)?.MinimumIndustryShare)).ToList();
    }
}
