using Microsoft.EntityFrameworkCore;
using Qingling.Core.Photos;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Photos;

namespace Qingling.Web.Web;

/// <summary>
/// Evidence photos on the web: reading the files of a form (each checked for size before a byte is read), and who may
/// see, add and delete them — the household's scope, as <see cref="CurrentUser"/> decides it for every page.
/// </summary>
public static class EvidenceWeb
{
    /// <summary>A form may carry the largest allowed number of the largest allowed photos, and its other fields.</summary>
    public const long RequestLimit = EvidenceRules.MaxFiles * EvidenceRules.MaxFileBytes + 1024 * 1024;

    /// <summary>
    /// Attaches photos to a status change or visit already saved, and says so for the page's message. The change stands
    /// whatever happens here: a failure (disk full, folder rights, a locked database) must not read as a refused form,
    /// or the cadre would record the visit twice; the message asks for the photos again instead.
    /// </summary>
    public static string AttachAfterSave(Store store, CurrentUser current, string ownerKind, long ownerId, IReadOnlyList<ProcessedPhoto> prepared)
    {
        if (prepared.Count == 0) return "";
        try
        {
            new EvidenceHandler(store, current.Actor, current.User.UserName).Attach(ownerKind, ownerId, prepared);
            return $"，上传佐证照片{prepared.Count}张";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or DbUpdateException)
        {
            return $"；但佐证照片未能保存（{e.Message}），请重新上传照片";
        }
    }

    /// <summary>The files chosen in a form (the empty part a browser sends when none was chosen left out), checked and sized down.</summary>
    public static IReadOnlyList<ProcessedPhoto> Prepare(IEnumerable<IFormFile>? files)
    {
        var chosen = (files ?? []).Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        if (chosen.Count == 0) return [];
        if (chosen.Count > EvidenceRules.MaxFiles) throw new PhotoRejectedException([$"一次最多上传{EvidenceRules.MaxFiles}张照片，本次选了{chosen.Count}张"]);
        var tooLarge = chosen.Select(f => EvidenceRules.Problem(EvidenceHandler.ShownName(f.FileName), f.Length, [0xFF, 0xD8, 0xFF]))
            .OfType<string>().ToList();
        // Size and emptiness first, from the form's own lengths: an oversize file is never copied into memory.
        if (tooLarge.Count > 0) throw new PhotoRejectedException(tooLarge);
        return EvidenceHandler.Prepare(chosen.Select(f =>
        {
            using var stream = f.OpenReadStream();
            using var copy = new MemoryStream((int)f.Length);
            stream.CopyTo(copy);
            return new UploadedFile(f.FileName, copy.ToArray());
        }).ToList());
    }

    /// <summary>The department of a measure photo's measure (null for a visit), for the viewing rule.</summary>
    static string? Department(QinglingDbContext db, EvidencePhoto p) =>
        p.MeasureId is { } m ? db.Measures.AsNoTracking().Where(x => x.Id == m).Select(x => x.Department).SingleOrDefault() : null;

    public static bool CanView(CurrentUser current, QinglingDbContext db, EvidencePhoto p) =>
        EvidenceRules.CanView(current.User, current.CanSee(p.HouseholdId), p.OwnerKind, Department(db, p));

    /// <summary>For lists: the photos among <paramref name="photos"/> this user may see, knowing each measure's department.</summary>
    public static bool CanView(CurrentUser current, EvidencePhoto p, string? measureDepartment) =>
        EvidenceRules.CanView(current.User, current.CanSee(p.HouseholdId), p.OwnerKind, measureDepartment);

    public static bool CanDelete(CurrentUser current, EvidencePhoto p, string? measureDepartment) =>
        EvidenceRules.CanDelete(current.User, CanView(current, p, measureDepartment), p.UploadedBy);

    /// <summary>Who may add photos to a visit: those who record visits in that household's village.</summary>
    public static bool CanAttachToVisit(CurrentUser current, long householdId) =>
        current.User.Role == Role.Admin || (current.User.Role == Role.Village && current.CanSee(householdId));

    /// <summary>Evidence text for a status change that has photos but no words: the measure's rule asks for 佐证, and the photos are it.</summary>
    public static string EvidenceText(string? typed, int photos) =>
        string.IsNullOrWhiteSpace(typed) && photos > 0 ? $"佐证照片{photos}张" : typed ?? "";
}

/// <summary>Thumbnails of some photos, each linking to the full photo, with a delete button where the user may delete.</summary>
public sealed record EvidenceThumbs(IReadOnlyList<(Core.Photos.EvidencePhoto Photo, bool CanDelete)> Items, string Back);
