using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Showcase;
using Qingling.Data.Database;
using Qingling.Data.Showcase;
using Qingling.Web.Showcase;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Showcase;

/// <summary>
/// One 典型案例: its text, income table and chart, the household's consent to publicity, the versions; staff edit it and
/// record consent, admin and leaders approve and publish it; Word export and a printable page. Out of scope answers 404.
/// </summary>
public class CaseModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public ShowcaseCase Case { get; private set; } = null!;
    public IReadOnlyList<ShowcaseFigure> Figures { get; private set; } = [];
    public IReadOnlyList<ShowcaseVersion> Versions { get; private set; } = [];
    public PublicityConsent? Consent { get; private set; }
    public string HouseholdCode { get; private set; } = "";
    /// <summary>What the last post did, carried over its redirect (a reload then saves nothing twice).</summary>
    [TempData] public string? Message { get; set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public bool MayEdit => ShowcaseAccess.Edits(current, Case.HouseholdId);
    public bool MayApprove => ShowcaseAccess.Approves(current);
    public DateOnly Today { get; private set; }

    public IActionResult OnGet(long id) => Load(id) ?? Page();

    public IActionResult OnGetDocx(long id)
    {
        if (Load(id) is { } refused) return refused;
        var stream = new MemoryStream();
        ShowcaseDocx.Write(Case, Figures, stream);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"典型案例-{Case.Id}.docx");
    }

    /// <summary>The title and text of a refused edit, shown again instead of the stored ones.</summary>
    public (string Title, string Text)? Typed { get; private set; }

    public IActionResult OnPostEdit(long id, string title, string text)
    {
        Typed = (title ?? "", text ?? "");
        return Act(id, () => MayEdit, h => { var c = h.Edit(id, title ?? "", text ?? ""); return $"已保存为第{c.Version}版"; });
    }

    public IActionResult OnPostConsent(long id, DateOnly? on, string how) =>
        Act(id, () => MayEdit, h => { var c = h.RecordConsent(HouseholdCode, on, how ?? "", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))); return $"已记录：本户于{c.On:yyyy-MM-dd}同意公开宣传"; });

    public IActionResult OnPostApprove(long id) => Act(id, () => MayApprove, h => { h.Approve(id); return "已审核通过"; });

    public IActionResult OnPostPublish(long id) => Act(id, () => MayApprove, h => { h.Publish(id); return "已发布"; });

    /// <summary>Out of scope is 404, not allowed is 403, refused is 400 with every reason.</summary>
    IActionResult Act(long id, Func<bool> allowed, Func<ShowcaseHandler, string> action)
    {
        if (Load(id) is { } refused) return refused;
        // A page answers 403 itself (with the reason) rather than through the cookie handler's redirect to the denied page.
        if (!allowed())
        {
            Problems = ["没有权限：只有镇管理员、本户所在村（社区）和帮扶部门的工作人员可以修改案例、记录同意；只有镇管理员和镇领导可以审核、发布"];
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        try
        {
            Message = action(new ShowcaseHandler(store, context.Plan!, current.Actor));
            return RedirectToPage(new { id });
        }
        catch (InvalidOperationException e)
        {
            Message = null;
            Problems = [e.Message];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Load(id) ?? Page();
    }

    IActionResult? Load(long id)
    {
        if (context.Plan is not { } plan) return NotFound();
        var handler = new ShowcaseHandler(store, plan, current.Actor);
        try { Case = handler.Get(id); }
        catch (KeyNotFoundException) { return NotFound(); }
        if (!ShowcaseAccess.Sees(current, Case)) return NotFound();
        Figures = ShowcaseHandler.FiguresOf(Case);
        Versions = handler.Versions(id);
        Consent = handler.Consent(Case.HouseholdId);
        using var db = store.CreateContext();
        HouseholdCode = db.Households.Where(h => h.Id == Case.HouseholdId).Select(h => h.Code).Single();
        Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        return null;
    }
}
