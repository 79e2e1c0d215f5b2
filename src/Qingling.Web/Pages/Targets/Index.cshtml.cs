using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Measures;
using Qingling.Data.Database;
using Qingling.Data.Queries;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Targets;

/// <summary>清零对象: filter by village, gap and missing channel; sort.</summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Village { get; set; }
    [BindProperty(SupportsGet = true)] public decimal? MaxGap { get; set; }
    [BindProperty(SupportsGet = true)] public string? Missing { get; set; }
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "income";
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty(SupportsGet = true)] public int? Size { get; set; }
    public IReadOnlyList<TargetListRow> Rows { get; private set; } = [];
    /// <summary>The page of <see cref="Rows"/> shown (each row carries its head's name and group).</summary>
    public Paged<TargetListRow> Shown { get; private set; } = Paging.Of(Array.Empty<TargetListRow>(), 1, null);
    public IReadOnlyList<string> VillageNames { get; private set; } = [];
    public decimal Line { get; private set; } = 10_000m;

    public void OnGet()
    {
        var plan = context.Plan;
        Line = plan?.IncomeLine ?? 10_000m;
        Year ??= plan?.BaselineYear ?? DateTime.Now.Year - 1;
        var all = TargetRows.Load(store, current, Year.Value, plan?.TargetRule ?? new Core.Targets.TargetRule(), plan?.Key, ct: HttpContext.RequestAborted, cache: context);
        VillageNames = all.Select(r => r.Target.Village).Distinct().Order(StringComparer.Ordinal).ToList();
        IEnumerable<TargetListRow> rows = all;
        if (!string.IsNullOrEmpty(Village)) rows = rows.Where(r => r.Target.Village == Village);
        if (MaxGap is { } gap) rows = rows.Where(r => r.Target.Gap <= gap);
        if (!string.IsNullOrEmpty(Missing)) rows = rows.Where(r => !r.Channels.Contains(Missing));
        Rows = (Sort switch
        {
            "gap" => rows.OrderBy(r => r.Target.Gap),
            "village" => rows.OrderBy(r => r.Target.Village, StringComparer.Ordinal).ThenBy(r => r.Target.HouseholdCode, StringComparer.Ordinal),
            "persons" => rows.OrderByDescending(r => r.Target.Persons),
            _ => rows.OrderBy(r => r.Target.PerCapitaNetIncome),
        }).ToList();
        Shown = Paging.Of(Rows, P, Size);
    }

    public static IReadOnlyList<string> AllChannels => Channels.All;
}
