using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Import;

/// <summary>
/// 导入: upload an export; it is first previewed in the background (what it would add, update, who joins or leaves, whose
/// income changes) while the page shows its progress, and goes in only when the same user confirms. A refused file changes
/// nothing and its problems are listed and downloadable. The size limit is a setting (see <see cref="UploadLimit"/>).
/// </summary>
public class IndexModel(Store store, CurrentUser current, ImportJobs jobs) : PageModel
{
    public ImportJob? Job { get; private set; }
    /// <summary>Why a confirmation was refused (expired, someone else's, already done).</summary>
    public string? Refusal { get; private set; }
    public const int Shown = 200;

    public IActionResult OnGet(string? job)
    {
        if (current.User.Role != Role.Admin) return Forbid();
        if (job is not null && (Job = jobs.Find(job, current.User.UserName)) is null) return NotFound();
        return Page();
    }

    /// <summary>The progress and, once done, the result: polled by the page every second.</summary>
    public IActionResult OnGetStatus(string? job)
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
        // The name is the browser's: only its last part is kept, and one that names no file (".", "..") is refused before anything is written.
        var name = Path.GetFileName(file.FileName.Replace('\\', '/')).Trim();
        if (name.Trim('.').Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            ModelState.AddModelError("file", $"文件名“{file.FileName}”无效：请用 .xlsx 或 .csv 文件原来的名字上传");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var folder = ImportJobs.NewUploadFolder(store);
        var path = Path.Combine(folder, name);
        try
        {
            using var stream = System.IO.File.Create(path);
            file.CopyTo(stream);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
        var job = jobs.Preview(store, path, year, current.Actor, current.User.UserName);
        return RedirectToPage(new { job = job.Id });
    }

    /// <summary>确认导入: commits the previewed file (or previews it again when the data changed meanwhile).</summary>
    public IActionResult OnPostConfirm(string? job)
    {
        if (current.User.Role != Role.Admin) return Forbid();
        var (started, refusal) = jobs.Confirm(store, job, current.Actor, current.User.UserName);
        if (started is not null) return RedirectToPage(new { job = started.Id });
        Refusal = refusal!.Message;
        Response.StatusCode = refusal.Status;
        return Page();
    }

    /// <summary>放弃: deletes the previewed file, nothing imported.</summary>
    public IActionResult OnPostDrop(string? job)
    {
        if (current.User.Role != Role.Admin) return Forbid();
        if (!jobs.Drop(job, current.User.UserName)) return NotFound();
        return RedirectToPage(new { job });
    }

    public IActionResult OnGetProblems(string? id) =>
        current.User.Role == Role.Admin && ProblemFiles.Path(id) is { } path
            ? PhysicalFile(path, "text/csv; charset=utf-8", "导入问题清单.csv")
            : NotFound();
}
