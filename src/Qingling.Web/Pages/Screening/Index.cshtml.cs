using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Rhythm;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Rhythm;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Screening;

/// <summary>村级动态排查: rounds by village, who has been visited and who not, and recording a visit.</summary>
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Round { get; set; }
    public IReadOnlyList<(ScreeningRound Round, string Village, int Visited, int Households)> Rounds { get; private set; } = [];
    public RoundStatus? Status { get; private set; }
    public IReadOnlyList<string> MyVillages { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public bool CanRecord { get; private set; }

    public IActionResult OnGet() => Load();

    IActionResult Load()
    {
        if (context.Plan is null) return Page();
        using var db = store.CreateContext();
        var all = RhythmQueries.Rounds(db, context.Plan.Key);
        MyVillages = current.User.Role == Role.Village ? current.User.VillageList
            : current.User.Role == Role.Admin ? db.Regions.AsNoTracking().Where(r => r.Level == Core.Regions.RegionLevel.Village).Select(r => r.Name).OrderBy(n => n).ToList() : [];
        Rounds = current.User.Role == Role.Village ? all.Where(r => current.User.VillageList.Contains(r.Village)).ToList() : all;
        if (Round is { } id)
        {
            if (!db.ScreeningRounds.AsNoTracking().Any(r => r.Id == id && r.PlanKey == context.Plan.Key))
                return WebErrors.Page(StatusCodes.Status404NotFound, "没有找到", $"没有编号为{id}的排查");
            var status = RhythmQueries.Round(db, id);
            if (current.User.Role == Role.Village && !current.User.VillageList.Contains(status.Village)) return NotFound();
            if (current.User.Role == Role.Department) return Forbid();
            Status = status;
            CanRecord = current.User.Role == Role.Admin || current.User.Role == Role.Village;
        }
        return Page();
    }

    public IActionResult OnPostRound(string village, DateOnly from, DateOnly to)
    {
        if (context.Plan is null || !(current.User.Role == Role.Admin || (current.User.Role == Role.Village && current.User.VillageList.Contains(village)))) return Forbid();
        try
        {
            var r = new RhythmHandler(store, context.Plan, current.Actor).AddRound(village, from, to, null);
            Round = r.Id;
            Message = $"已建立排查#{r.Id}";
        }
        catch (InvalidOperationException e) { Error = e.Message; }
        return Load();
    }

    public IActionResult OnPostVisit(string household, DateOnly on, string visitors, string? changes, string? risks, string? words, decimal? expectedChange, string? changeCategory, int? changeFromMonth)
    {
        if (context.Plan is null) return Forbid();
        var load = Load();
        if (Status is null || !CanRecord) return load is PageResult ? Forbid() : load;
        try
        {
            var (v, followUp) = new RhythmHandler(store, context.Plan, current.Actor).AddVisit(new VisitInput
            {
                Round = Status.Round.Id, Household = household ?? "", On = on, Visitors = visitors ?? "", Changes = changes ?? "无变化",
                Risks = (risks ?? "").Split(['、', ',', '，', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                HouseholdWords = words ?? "", ExpectedChange = expectedChange ?? 0, ExpectedChangeCategory = changeCategory ?? "工资性", ExpectedChangeFromMonth = changeFromMonth ?? 1,
            });
            Message = $"已记录走访#{v.Id}" + (followUp is null ? "" : $"；发现新风险，已建立跟进任务#{followUp.Id}");
        }
        catch (InvalidOperationException e) { Error = e.Message; }
        return Load();
    }
}
