using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Data.Assessment;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Assessment;

/// <summary>考核通报: the period's ranking of every kind of unit, for printing. Town users only: it names every unit.</summary>
public class NoticeModel(Store store, CurrentUser current, PlanContext context) : PageModel
{
    public AssessmentResult? Result { get; private set; }
    public string PlanName { get; private set; } = "";
    public string? Problem { get; private set; }

    public IActionResult OnGet(string? period)
    {
        if (!current.User.ReadsEverything) return Forbid();
        if (context.Plan is not { Assessment: not null } plan) return NotFound();
        PlanName = plan.Name;
        try
        {
            var p = AssessmentHandler.ParsePeriod(plan, period ?? "");
            Result = IndexModel.Scores(context, store, plan, p, current.Actor, HttpContext.RequestAborted);
        }
        catch (ArgumentException e)
        {
            Problem = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }
}
