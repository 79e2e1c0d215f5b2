using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Data.Database;
using Qingling.Data.Photos;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Evidence;

/// <summary>
/// One evidence photo (<c>/Evidence/{id}</c>) or its thumbnail (<c>/Evidence/{id}/thumb</c>), for users who may see the
/// household; everyone else gets the same 404 as for a photo that does not exist, so existence is not told.
/// </summary>
public class PhotoModel(Store store, CurrentUser current) : PageModel
{
    [TempData] public string? Message { get; set; }

    public IActionResult OnGet(long id, string? size)
    {
        if (size is not (null or "thumb")) return NotFound();
        using var db = store.CreateContext();
        var photo = db.EvidencePhotos.Find(id);
        if (photo is null || !EvidenceWeb.CanView(current, db, photo)) return NotFound();
        var bytes = new EvidenceFiles(store.EvidenceFolder).Read(size is null ? photo.Sha256 : photo.ThumbSha256);
        if (bytes is null) return WebErrors.Page(StatusCodes.Status404NotFound, "照片文件缺失", $"佐证照片#{id}的文件不在照片目录中：请管理员从备份中恢复照片目录。");
        Response.Headers.ContentDisposition = $"inline; filename=\"evidence-{id}{(size is null ? "" : "-thumb")}.jpg\"";
        return File(bytes, photo.ContentType);
    }

    /// <summary>Deletes the photo (its uploader or an administrator), traced; back to the page it was deleted from.</summary>
    public IActionResult OnPostDelete(long id, string? back)
    {
        using (var db = store.CreateContext())
        {
            var photo = db.EvidencePhotos.Find(id);
            if (photo is null || !EvidenceWeb.CanView(current, db, photo)) return NotFound();
            var department = photo.MeasureId is { } m ? db.Measures.Find(m)?.Department : null;
            if (!EvidenceWeb.CanDelete(current, photo, department)) return Forbid();
        }
        var deleted = new EvidenceHandler(store, current.Actor, current.User.UserName).Delete(id);
        Message = $"已删除佐证照片#{id}（{deleted.OriginalName}）";
        return LocalRedirect(back is { Length: > 0 } b && Url.IsLocalUrl(b) ? b : "/");
    }
}
