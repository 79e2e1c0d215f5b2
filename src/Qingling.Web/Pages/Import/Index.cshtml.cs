using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Import;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Import;

/// <summary>导入: upload an export; a refused file changes nothing and its problems are listed and downloadable.</summary>
[RequestSizeLimit(1L << 30)]
[RequestFormLimits(MultipartBodyLengthLimit = 1L << 30)]
public class IndexModel(Store store, CurrentUser current) : PageModel
{
    public ImportResult? Result { get; private set; }
    public string? ProblemsId { get; private set; }
    public const int Shown = 200;

    public IActionResult OnGet() => current.User.Role == Role.Admin ? Page() : Forbid();

    public IActionResult OnPost(IFormFile? file, int? year)
    {
        if (current.User.Role != Role.Admin) return Forbid();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "请选择要导入的文件");
            return Page();
        }
        var folder = Directory.CreateTempSubdirectory("qingling-upload-");
        try
        {
            var path = Path.Combine(folder.FullName, Path.GetFileName(file.FileName));
            using (var stream = System.IO.File.Create(path)) file.CopyTo(stream);
            Result = new ImportHandler(store).Run(path, new ImportOptions(year, Actor: current.Actor));
            if (Result.Problems.Kept.Count > 0) ProblemsId = ProblemFiles.Save(Result.Problems);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        return Page();
    }

    public IActionResult OnGetProblems(string id) =>
        current.User.Role == Role.Admin && ProblemFiles.Path(id) is { } path
            ? PhysicalFile(path, "text/csv; charset=utf-8", "导入问题清单.csv")
            : NotFound();
}
