using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Households;
using Qingling.Core.Measures;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Data.Photos;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Households;

/// <summary>户档案: members (masked), income by year, the 一户一策 and its measures, the household's trace.</summary>
[RequestSizeLimit(EvidenceWeb.RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceWeb.RequestLimit)]
public class DetailModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public HouseholdFile Household { get; private set; } = null!;
    public IReadOnlyDictionary<long, string>? Unmasked { get; private set; }
    [TempData] public string? Message { get; set; }
    /// <summary>What was typed into a measure's status form that was refused, shown again on that measure's form.</summary>
    public (long MeasureId, MeasureStatus? Status, DateOnly? Date, string? Evidence, decimal? Income)? TypedStatus { get; private set; }

    /// <summary><see cref="TypedStatus"/> when it was typed into this measure's form, else null.</summary>
    public (long MeasureId, MeasureStatus? Status, DateOnly? Date, string? Evidence, decimal? Income)? TypedFor(long measureId) =>
        TypedStatus is { } t && t.MeasureId == measureId ? t : null;
    /// <summary>Set when the add-a-measure form was refused: the form shows what was typed.</summary>
    public bool AddRefused { get; private set; }
    /// <summary>A field of the refused form as typed, else <paramref name="fallback"/>.</summary>
    public string Typed(string field, string fallback) => AddRefused && Request.HasFormContentType && Request.Form.TryGetValue(field, out var v) ? v.ToString() : fallback;
    /// <summary>The first day a new measure may start and a status change may be dated: the data's date (数据截至).</summary>
    public DateOnly DataDate => context.Plan is null ? DateOnly.FromDateTime(DateTime.Now) : context.AsOf;
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public CurrentUser Current => current;
    public Core.Plans.PlanDefinition? Plan => context.Plan;

    public IActionResult OnGet(string code) => Load(code) ? Page() : NotFound();

    bool Load(string code)
    {
        var file = HouseholdFile.Load(store, current, code, context.Plan?.Key);
        if (file is null) return false;
        Household = file;
        LoadPhotos();
        return true;
    }

    /// <summary>The household's evidence photos this user may see, with what each belongs to, oldest first.</summary>
    public IReadOnlyList<(Core.Photos.EvidencePhoto Photo, string Belongs)> Photos { get; private set; } = [];
    public EvidenceThumbs PhotosFor(IEnumerable<Core.Photos.EvidencePhoto> photos) => new(photos.Select(p => (p, EvidenceWeb.CanDelete(current, p, Department(p)))).ToList(), $"/Households/{Household.Household.Code}");
    Dictionary<long, string> _departments = [];
    string? Department(Core.Photos.EvidencePhoto p) => p.MeasureId is { } m ? _departments.GetValueOrDefault(m) : null;

    void LoadPhotos()
    {
        using var db = store.CreateContext();
        var id = Household.Household.Id;
        _departments = db.Measures.AsNoTracking().Where(m => m.HouseholdId == id).ToDictionary(m => m.Id, m => m.Department);
        var visits = db.Visits.AsNoTracking().Where(v => v.HouseholdId == id).ToDictionary(v => v.Id, v => v.On);
        Photos = db.EvidencePhotos.AsNoTracking().Where(p => p.HouseholdId == id).OrderBy(p => p.Id).AsEnumerable()
            .Where(p => EvidenceWeb.CanView(current, p, Department(p)))
            .Select(p => (p, p.MeasureId is { } m ? $"措施#{m}" : p.VisitId is { } v ? $"走访#{v}（{visits.GetValueOrDefault(v):yyyy-MM-dd}）" : "")).ToList();
    }

    /// <summary>Shows the ID numbers in full: a permission, and recorded in the trace every time.</summary>
    public IActionResult OnPostUnmask(string code)
    {
        if (!Load(code)) return NotFound();
        if (!current.User.CanUnmask) return Forbid();
        Unmasked = Household.Members.ToDictionary(m => m.Id, m => store.Protector.Decrypt(m.IdCipher));
        using var db = store.CreateContext();
        AuditLog.Add(db, current.Actor, AuditLog.Viewed, "证件号码", $"查看户{code}全部{Household.Members.Count}名成员的完整证件号码", householdId: Household.Household.Id);
        db.SaveChanges();
        Load(code);
        return Page();
    }

    public IActionResult OnPostStatus(string code, long measureId, string status, DateOnly? date, string? evidence, decimal? income, string? incomeSubcategory, int? version, List<IFormFile>? photos)
    {
        if (!Load(code)) return NotFound();
        var measure = Household.Measures.Select(m => m.Measure).FirstOrDefault(m => m.Id == measureId);
        if (measure is null) return NotFound();
        if (!current.CanChangeMeasure(measure)) return Forbid();
        var to = MeasureStatuses.Parse(status);
        TypedStatus = (measureId, to, date, evidence, income);
        try
        {
            if (to is null) throw new MeasureRejectedException("状态", [string.IsNullOrWhiteSpace(status) ? "请选择新的状态" : $"未知的状态“{status}”"]);
            // Photos are checked before the status moves: a refused photo saves nothing.
            var prepared = EvidenceWeb.Prepare(photos);
            new MeasureHandler(store, context.Plan!, current.Actor) { Fields = MeasureFieldNames.WebForm }.Move(measureId, to.Value, date ?? DateOnly.FromDateTime(DateTime.Now), EvidenceWeb.EvidenceText(evidence, prepared.Count), income,
                string.IsNullOrWhiteSpace(incomeSubcategory) ? null : incomeSubcategory, version);
            Message = $"措施#{measureId}已改为“{MeasureStatuses.Name(to.Value)}”"
                + EvidenceWeb.AttachAfterSave(store, current, Core.Photos.EvidenceOwners.Measure, measureId, prepared); // the change stands either way
            return RedirectToPage(new { code }); // a reload then changes nothing twice
        }
        catch (MeasureRejectedException e)
        {
            Errors = e.Problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (MeasureConflictException e)
        {
            // Someone else moved it: the form shows the measure as it now stands, not the change typed against the old state.
            TypedStatus = null;
            Errors = [e.Message];
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (PhotoRejectedException e)
        {
            Errors = e.Problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Load(code);
        return Page();
    }

    public IActionResult OnPostAdd(string code, MeasureForm form)
    {
        if (!Load(code)) return NotFound();
        if (!current.CanAddMeasures(Household.Household.Id) || context.Plan is null) return Forbid();
        try
        {
            var m = new MeasureHandler(store, context.Plan, current.Actor) { Fields = MeasureFieldNames.WebForm }.Add(form.ToInput(code));
            Message = $"已新增措施#{m.Id}";
            return RedirectToPage(new { code });
        }
        catch (MeasureRejectedException e)
        {
            Errors = e.Problems;
            AddRefused = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Load(code);
        return Page();
    }

    public static string LabourName(LabourCapacity l) => Vocabulary.Name(l);

    public IActionResult OnPostExplain(string code, long id, string? evidence) => AfterMove(code, id, h => h.Explain(id, evidence ?? ""));

    public IActionResult OnPostDismiss(string code, long id, string? reason) => AfterMove(code, id, h => h.Dismiss(id, reason ?? ""));

    /// <summary>Confirms a paper increase: the ticked entries stop counting, the income really earned may be recorded instead.</summary>
    public IActionResult OnPostConfirmAlert(string code, long id, long[]? entries, decimal? actual, string? note) =>
        AfterMove(code, id, h => h.Confirm(id, entries ?? [], actual, note ?? ""));

    IActionResult AfterMove(string code, long id, Func<Qingling.Data.Integrity.AlertHandler, Core.Integrity.AlertRecord> move)
    {
        if (!Load(code)) return NotFound();
        using (var db = store.CreateContext())
            if (!db.Alerts.Any(a => a.Id == id && a.HouseholdId == Household.Household.Id)) return NotFound();
        var (outcome, message) = AlertMoves.Apply(store, current, id, move);
        switch (outcome)
        {
            case MoveOutcome.NotFound: return NotFound();
            case MoveOutcome.Forbidden: return Forbid();
            case MoveOutcome.Rejected:
                Errors = [message];
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            default:
                // Redirect: this request read the figures under the version before the move, and a reload must not move it twice.
                Message = message;
                return RedirectToPage(new { code });
        }
        Load(code);
        return Page();
    }

    IReadOnlyDictionary<(string Code, string Kind, string Key), Core.Integrity.AlertRecord>? _records;
    IReadOnlyList<Core.Income.IncomeEntry>? _entries;

    /// <summary>The stored state of an alert shown here, and the forms this user may use on it.</summary>
    public Pages.Integrity.AlertActions ActionsFor(Core.Integrity.IntegrityAlert a)
    {
        _ = Alerts;
        return new(_records?.GetValueOrDefault((a.HouseholdCode, a.Kind, a.EvidenceKey)), current, $"/Households/{Household.Household.Code}", Household.Household.Code, true, Entries);
    }

    /// <summary>The ledger entries of the alert year, to tick the ones a confirmation corrects.</summary>
    public IReadOnlyList<Core.Income.IncomeEntry> Entries => _entries ??= LoadEntries();

    IReadOnlyList<Core.Income.IncomeEntry> LoadEntries()
    {
        if (AlertYear is not { } year) return [];
        using var db = store.CreateContext();
        var id = Household.Household.Id;
        return db.IncomeEntries.AsNoTracking().Where(e => e.HouseholdId == id && e.Year == year).OrderBy(e => e.Month).ThenBy(e => e.Category).ThenBy(e => e.Id).ToList();
    }

    /// <summary>Alerts decided earlier that the checks no longer raise (a confirmed one usually, once its income is corrected).</summary>
    public IReadOnlyList<Core.Integrity.AlertRecord> Settled
    {
        get
        {
            if (AlertYear is not { } year) return [];
            using var db = store.CreateContext();
            var id = Household.Household.Id;
            return db.Alerts.AsNoTracking().Where(a => a.HouseholdId == id && a.Year == year && !a.Firing && a.Status != Core.Integrity.AlertStatus.Open).OrderBy(a => a.Id).ToList();
        }
    }

    IReadOnlyList<Core.Integrity.IntegrityAlert>? _alerts;

    /// <summary>The year the household's integrity alerts are shown for: its latest year with a record.</summary>
    public int? AlertYear => Household.Records.Count == 0 ? null : Household.Records[^1].Income.Year;

    /// <summary>诚信预警 of this household for <see cref="AlertYear"/>, judged against the whole town.</summary>
    public IReadOnlyList<Core.Integrity.IntegrityAlert> Alerts => _alerts ??= LoadAlerts();

    IReadOnlyList<Core.Integrity.IntegrityAlert> LoadAlerts()
    {
        if (AlertYear is not { } year) return [];
        var (_, visible, records) = IntegrityView.Load(store, current, year, context.Plan?.IncomeLine ?? 10_000m, Household.Household.Code, context);
        _records = records;
        return visible;
    }
}

/// <summary>The add-a-measure form.</summary>
public sealed class MeasureForm
{
    public string Channel { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Description { get; set; } = "";
    public string? Member { get; set; }
    public string Department { get; set; } = "";
    public string ResponsiblePerson { get; set; } = "";
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public decimal ExpectedGain { get; set; }
    public string GainCategory { get; set; } = "";
    public int PaysFromMonth { get; set; } = 1;
    public DateOnly? ConsentOn { get; set; }
    public string ConsentHow { get; set; } = "";
    public decimal? LoanAmount { get; set; }

    // Form binding turns empty fields into null; the measure keeps empty text instead.
    public MeasureInput ToInput(string household) => new()
    {
        Household = household, Channel = Channel ?? "", Kind = Kind ?? "", Description = Description ?? "", Member = string.IsNullOrWhiteSpace(Member) ? null : Member,
        Department = Department ?? "", ResponsiblePerson = ResponsiblePerson ?? "", Start = Start, End = End, ExpectedGain = ExpectedGain, GainCategory = GainCategory ?? "",
        PaysFromMonth = PaysFromMonth, ConsentOn = ConsentOn, ConsentHow = ConsentHow ?? "", Status = "planned",
        Details = Channel == Channels.Finance && LoanAmount is { } loan
            ? new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = loan, TermMonths = 36, Purpose = "生产经营", InterestSubsidised = true }
            : new MeasureDetails(),
    };
}
