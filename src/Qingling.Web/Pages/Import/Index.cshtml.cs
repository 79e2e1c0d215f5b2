using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Import;

/// <summary>导入: upload an export; it runs in the background while the page shows its progress; a refused file changes nothing and its problems are listed and downloadable.</summary>
[RequestSizeLimit(1L << 30)]
[RequestFormLimits(MultipartBodyLengthLimit = 1L << 30)]
public class IndexModel(Store store, CurrentUser current, ImportJobs jobs) : PageModel
{
    public ImportJob? Job { get; private set; }
    public const int Shown = 200;

    public IActionResult OnGet(string? job)
    {
        if (current.User.Role != Role.Admin) return Forbid();
        if (job is not null && (Job = jobs.Find(job, current.User.UserName)) is null) return NotFound();
        return Page();
    }

    /// <summary>The progress and, once done, the result: polled by the page every second.</summary>
    public IActionResult OnGetStatus(string job)
    {
        if (current.User.Role != Role.Admin) return Forbid();
        var found = jobs.Find(job, current.User.UserName);
        return found is null ? NotFound() : Partial("_ImportJob", found);
    }

    public IActionResult OnPost(IFormFile? file, int? year)
    {
        if (current.User.Role != Role.Admin) return Forbid();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "请选择要导入的文件");
            return Page();
        }
        var folder = Directory.CreateTempSubdirectory("qingling-upload-");
        var path = Path.Combine(folder.FullName, Path.GetFileName(file.FileName));
        using (var stream = System.IO.File.Create(path)) file.CopyTo(stream);
        var job = jobs.Start(store, path, year, current.Actor, current.User.UserName);
        return RedirectToPage(new { job = job.Id });
    }

    public IActionResult OnGetProblems(string id) =>
        current.User.Role == Role.Admin && ProblemFiles.Path(id) is { } path
            ? PhysicalFile(path, "text/csv; charset=utf-8", "导入问题清单.csv")
            : NotFound();
}
