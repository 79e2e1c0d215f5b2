using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Rhythm;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Photos;
using Qingling.Data.Queries;
using Qingling.Data.Rhythm;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Screening;

/// <summary>
/// 村级动态排查: rounds by village, who has been visited and who not, and recording a visit. A saved form redirects
/// (reloading never records a visit twice); a refused one comes back with what was typed and every problem listed.
/// </summary>
[RequestSizeLimit(EvidenceWeb.RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceWeb.RequestLimit)]
public class IndexModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Round { get; set; }
    /// <summary>The household whose 走访 button was pressed: the visit form opens filled with it.</summary>
    [BindProperty(SupportsGet = true)] public string? Household { get; set; }
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty(SupportsGet = true)] public int? Size { get; set; }
    /// <summary>Page of the visits already made; <see cref="P"/> pages the households not yet visited.</summary>
    [BindProperty(SupportsGet = true)] public int? Vp { get; set; }
    public Paged<string> NotVisitedPage { get; private set; } = Paging.Of(Array.Empty<string>(), 1, null);
    public IReadOnlyList<(ScreeningRound Round, string Village, int Visited, int Households)> Rounds { get; private set; } = [];
    public RoundStatus? Status { get; private set; }
    public Paged<(string Code, Visit Visit)> VisitPage { get; private set; } = Paging.Of(Array.Empty<(string, Visit)>(), 1, null);
    public IReadOnlyDictionary<string, HouseholdLabel> Labels { get; private set; } = new Dictionary<string, HouseholdLabel>();
    /// <summary>Each not-yet-visited household's last visit in any round, if any.</summary>
    public IReadOnlyDictionary<string, DateOnly> LastVisit { get; private set; } = new Dictionary<string, DateOnly>();
    public IReadOnlyList<string> MyVillages { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public bool CanRecord { get; private set; }
    /// <summary>What the forms show: what was typed after a refusal, else the defaults.</summary>
    public IReadOnlyDictionary<string, string> Typed { get; private set; } = new Dictionary<string, string>();
    public DateOnly RoundFrom { get; private set; }
    public DateOnly RoundTo { get; private set; }
    public DateOnly VisitOn { get; private set; }
    /// <summary>The shown visits' photos this user may see, by visit.</summary>
    public IReadOnlyDictionary<long, EvidenceThumbs> Photos { get; private set; } = new Dictionary<long, EvidenceThumbs>();

    public string Value(string field, string fallback = "") => Typed.TryGetValue(field, out var v) ? v : fallback;

    public IActionResult OnGet() => Load();

    IActionResult Load()
    {
        if (context.Plan is null) return Page();
        using var db = store.CreateContext();
        // The rounds with each village's households and visits counted: one grouping over every household, kept per data
        // version (a visit, a round or an import moves it), not run on every view (at 250,000 households, 20 clients on
        // PostgreSQL: p95 599 ms).
        // Not limited: a cadre's visit is never held up or refused because the town's figures are being derived.
        var all = context.Derived("screening-rounds", () => RhythmQueries.Rounds(db, context.Plan.Key), limited: false);
        MyVillages = current.User.Role == Role.Village ? current.User.VillageList
            : current.User.Role == Role.Admin ? context.Cached("village-names", () => db.Regions.AsNoTracking().Where(r => r.Level == Core.Regions.RegionLevel.Village).Select(r => r.Name).OrderBy(n => n).ToList(), limited: false) : [];
        Rounds = current.User.Role == Role.Village ? all.Where(r => current.User.VillageList.Contains(r.Village)).ToList() : all;
        // A new round starts on the data's date and runs a fortnight, the usual rhythm; both are accepted by the form.
        RoundFrom = context.AsOf;
        RoundTo = RoundFrom.AddDays(14);
        if (Round is null && Rounds.Count > 0 && current.User.Role == Role.Village) Round = Rounds[0].Round.Id; // a cadre lands on the latest round
        if (Round is { } id)
        {
            if (!db.ScreeningRounds.AsNoTracking().Any(r => r.Id == id && r.PlanKey == context.Plan.Key))
                return WebErrors.Page(StatusCodes.Status404NotFound, "没有找到", $"没有编号为{id}的排查");
            var status = RhythmQueries.Round(db, id);
            if (current.User.Role == Role.Village && !current.User.VillageList.Contains(status.Village)) return NotFound();
            if (current.User.Role == Role.Department) return Forbid();
            Status = status;
            CanRecord = current.User.Role == Role.Admin || current.User.Role == Role.Village;
            // Today, brought within the round so the form never offers a date it then refuses.
            var today = DateOnly.FromDateTime(DateTime.Now);
            VisitOn = today < status.Round.From ? status.Round.From : today > status.Round.To ? status.Round.To : today;
            VisitPage = Paging.Of(status.Visited.Reverse().ToList(), Vp, Size);
            var back = Request.Path + Request.QueryString;
            Photos = EvidenceHandler.For(db, Core.Photos.EvidenceOwners.Visit, VisitPage.Items.Select(v => v.Visit.Id).ToList()).ToDictionary(g => g.Key,
                g => new EvidenceThumbs(g.Where(p => EvidenceWeb.CanView(current, p, null)).Select(p => (p, EvidenceWeb.CanDelete(current, p, null))).ToList(), back));
            NotVisitedPage = Paging.Of(status.NotVisited, P, Size);
            // The 走访 button's household may be on another page of the list: its label is loaded too.
            var shown = NotVisitedPage.Items.Concat(VisitPage.Items.Select(v => v.Code)).Append(Household ?? "").ToList();
            Labels = HouseholdLabels.LoadByCode(db, shown);
            var notVisited = NotVisitedPage.Items.ToHashSet();
            LastVisit = db.Visits.AsNoTracking().Join(db.Households.AsNoTracking().Where(h => h.VillageId == status.Round.VillageId), v => v.HouseholdId, h => h.Id, (v, h) => new { h.Code, v.On })
                .AsEnumerable().Where(x => notVisited.Contains(x.Code)).GroupBy(x => x.Code).ToDictionary(g => g.Key, g => g.Max(x => x.On));
        }
        return Page();
    }

    public IActionResult OnPostRound(string? village, DateOnly? from, DateOnly? to)
    {
        if (context.Plan is null || !(current.User.Role == Role.Admin || (current.User.Role == Role.Village && current.User.VillageList.Contains(village ?? "")))) return Forbid();
        var problems = new List<string>();
        if (from is null) problems.Add("请填写开始日期");
        if (to is null) problems.Add("请填写结束日期");
        if (problems.Count == 0)
        {
            try
            {
                var r = new RhythmHandler(store, context.Plan, current.Actor).AddRound(village!, from!.Value, to!.Value, null);
                Message = $"已建立排查#{r.Id}";
                return RedirectToPage(new { Round = r.Id });
            }
            catch (InvalidOperationException e) { problems.Add(e.Message); }
        }
        return Refused(problems);
    }

    public IActionResult OnPostVisit(string? household, DateOnly? on, string? visitors, string? changes, string? risks, string? words, decimal? expectedChange, string? changeCategory, int? changeFromMonth, List<IFormFile>? photos)
    {
        if (context.Plan is null) return Forbid();
        var load = Load();
        if (Status is null || !CanRecord) return load is PageResult ? Forbid() : load;
        IReadOnlyList<ProcessedPhoto> prepared;
        // Photos are checked before the visit is recorded: a refused photo saves nothing.
        try { prepared = EvidenceWeb.Prepare(photos); }
        catch (PhotoRejectedException e) { return Refused(e.Problems); }
        long visitId;
        try
        {
            var (v, followUp) = new RhythmHandler(store, context.Plan, current.Actor).AddVisit(new VisitInput
            {
                Round = Status.Round.Id, Household = household?.Trim() ?? "", On = on, Visitors = visitors ?? "", Changes = changes ?? "无变化",
                Risks = (risks ?? "").Split(['、', ',', '，', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                HouseholdWords = words ?? "", ExpectedChange = expectedChange ?? 0, ExpectedChangeCategory = changeCategory ?? "工资性", ExpectedChangeFromMonth = changeFromMonth ?? 1,
            });
            visitId = v.Id;
            Message = $"已记录走访#{v.Id}（户{household?.Trim()}）" + (followUp is null ? "" : $"；发现新风险，已建立跟进任务#{followUp.Id}");
        }
        catch (InvalidOperationException e) { return Refused(WebErrors.Problems(e.Message)); }
        // Outside the try: the visit is saved, so a photo that fails to store is not a refused visit.
        Message += EvidenceWeb.AttachAfterSave(store, current, Core.Photos.EvidenceOwners.Visit, visitId, prepared);
        return RedirectToPage(new { Round = Status.Round.Id });
    }

    /// <summary>The handler lists every problem after a colon, joined with ；: shown one a line.</summary>
    IActionResult Refused(IReadOnlyList<string> problems)
    {
        Load();
        Message = null;
        Problems = problems;
        Typed = Request.Form.Where(f => f.Key != "__RequestVerificationToken").ToDictionary(f => f.Key, f => f.Value.ToString());
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
