using Microsoft.EntityFrameworkCore;
using Qingling.Core.Photos;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Photos;

/// <summary>A file as uploaded: the name the phone gave it and its bytes.</summary>
public sealed record UploadedFile(string Name, byte[] Bytes);

/// <summary>
/// Attaches photos to a measure or a visit and deletes them. Every photo is checked and sized down before anything is
/// written, so a refused upload leaves no row and no file; every upload and deletion is traced with the file's SHA-256,
/// so the hash chain covers the stored bytes too.
/// </summary>
public sealed class EvidenceHandler(Store store, string actor, string userName)
{
    public const string Entity = "佐证照片";

    EvidenceFiles Files => new(store.EvidenceFolder);

    /// <summary>Checks and sizes down every file; all problems at once, nothing written.</summary>
    public static IReadOnlyList<ProcessedPhoto> Prepare(IReadOnlyList<UploadedFile> files)
    {
        if (files.Count > EvidenceRules.MaxFiles) throw new PhotoRejectedException([$"一次最多上传{EvidenceRules.MaxFiles}张照片，本次选了{files.Count}张"]);
        var problems = new List<string>();
        var done = new List<ProcessedPhoto>();
        foreach (var f in files)
        {
            try { done.Add(PhotoProcessor.Process(ShownName(f.Name), f.Bytes)); }
            catch (PhotoRejectedException e) { problems.AddRange(e.Problems); }
        }
        if (problems.Count > 0) throw new PhotoRejectedException(problems);
        return done;
    }

    /// <summary>The uploaded name without any folder part, at most 100 characters (it is shown and traced, never used as a path).</summary>
    public static string ShownName(string name)
    {
        var bare = Path.GetFileName(name.Replace('\\', '/')).Trim();
        bare = new string(bare.Where(c => !char.IsControl(c)).ToArray());
        if (bare.Length == 0) bare = "照片";
        return bare.Length > 100 ? bare[..100] : bare;
    }

    /// <summary>Attaches already prepared photos to a measure or visit; returns the rows.</summary>
    public IReadOnlyList<EvidencePhoto> Attach(string ownerKind, long ownerId, IReadOnlyList<ProcessedPhoto> photos)
    {
        if (photos.Count == 0) return [];
        using var db = store.CreateContext();
        var (householdId, what) = Owner(db, ownerKind, ownerId);
        var files = Files;
        var written = new List<string>();
        lock (EvidenceFiles.Gate)
        {
            try
            {
                using var tx = db.Database.BeginTransaction();
                var rows = new List<EvidencePhoto>();
                foreach (var p in photos)
                {
                    var hash = EvidenceFiles.Hash(p.Jpeg);
                    var thumb = EvidenceFiles.Hash(p.Thumb);
                    if (files.Write(p.Jpeg, hash)) written.Add(hash);
                    if (files.Write(p.Thumb, thumb)) written.Add(thumb);
                    rows.Add(new EvidencePhoto
                    {
                        HouseholdId = householdId, OwnerKind = ownerKind, MeasureId = ownerKind == EvidenceOwners.Measure ? ownerId : null,
                        VisitId = ownerKind == EvidenceOwners.Visit ? ownerId : null, Sha256 = hash, ThumbSha256 = thumb, Size = p.Jpeg.LongLength,
                        ThumbSize = p.Thumb.LongLength, Width = p.Width, Height = p.Height, ContentType = "image/jpeg", OriginalName = p.Name,
                        UploadedBy = userName, UploadedAt = DateTime.UtcNow,
                    });
                }
                db.EvidencePhotos.AddRange(rows);
                db.SaveChanges();
                foreach (var r in rows)
                    AuditLog.Add(db, actor, "新增", Entity, $"{what}上传佐证照片#{r.Id}“{r.OriginalName}”（{r.Width}×{r.Height}，{r.Size / 1024.0:0.#} KB，SHA-256 {r.Sha256[..16]}）",
                        r.Id, householdId, null, Snapshot(r));
                db.SaveChanges();
                tx.Commit();
                return rows;
            }
            catch
            {
                // Files this upload created and no committed row refers to are taken back.
                using var check = store.CreateContext();
                foreach (var h in written.Where(h => !Referenced(check, h))) files.Remove(h);
                throw;
            }
        }
    }

    /// <summary>Deletes a photo's row (traced) and its files once no row refers to them. The caller has checked the permission.</summary>
    public EvidencePhoto Delete(long id)
    {
        using var db = store.CreateContext();
        lock (EvidenceFiles.Gate)
        {
            using var tx = db.Database.BeginTransaction();
            var row = db.EvidencePhotos.SingleOrDefault(p => p.Id == id) ?? throw new InvalidOperationException($"没有编号为{id}的佐证照片");
            var (_, what) = Owner(db, row.OwnerKind, row.MeasureId ?? row.VisitId ?? 0);
            db.EvidencePhotos.Remove(row);
            AuditLog.Add(db, actor, "删除", Entity, $"删除{what}的佐证照片#{row.Id}“{row.OriginalName}”（上传人 {row.UploadedBy}，SHA-256 {row.Sha256[..16]}）",
                row.Id, row.HouseholdId, Snapshot(row), null);
            db.SaveChanges();
            tx.Commit();
            var files = Files;
            foreach (var h in new[] { row.Sha256, row.ThumbSha256 }.Distinct())
                if (!Referenced(db, h)) files.Remove(h);
            return row;
        }
    }

    static bool Referenced(QinglingDbContext db, string hash) => db.EvidencePhotos.Any(p => p.Sha256 == hash || p.ThumbSha256 == hash);

    static (long HouseholdId, string What) Owner(QinglingDbContext db, string kind, long id)
    {
        if (kind == EvidenceOwners.Measure)
        {
            var m = db.Measures.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.HouseholdId }).SingleOrDefault()
                ?? throw new InvalidOperationException($"没有编号为{id}的措施");
            return (m.HouseholdId, $"措施#{id}（户{Code(db, m.HouseholdId)}）");
        }
        if (kind == EvidenceOwners.Visit)
        {
            var v = db.Visits.AsNoTracking().Where(v => v.Id == id).Select(v => new { v.HouseholdId }).SingleOrDefault()
                ?? throw new InvalidOperationException($"没有编号为{id}的走访");
            return (v.HouseholdId, $"走访#{id}（户{Code(db, v.HouseholdId)}）");
        }
        throw new InvalidOperationException($"未知的佐证对象“{kind}”");
    }

    static string Code(QinglingDbContext db, long householdId) => db.Households.AsNoTracking().Where(h => h.Id == householdId).Select(h => h.Code).Single();

    static string Snapshot(EvidencePhoto p) => AuditJson.Of(new
    {
        对象 = EvidenceOwners.Name(p.OwnerKind), 措施Id = p.MeasureId, 走访Id = p.VisitId, 文件名 = p.OriginalName, SHA256 = p.Sha256, 缩略图SHA256 = p.ThumbSha256,
        字节 = p.Size, 宽 = p.Width, 高 = p.Height, 类型 = p.ContentType, 上传人 = p.UploadedBy,
    });

    /// <summary>The photos of some measures or visits, oldest first, grouped by owner id.</summary>
    public static ILookup<long, EvidencePhoto> For(QinglingDbContext db, string ownerKind, IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0) return Array.Empty<EvidencePhoto>().ToLookup(p => 0L);
        var query = ownerKind == EvidenceOwners.Measure
            ? db.EvidencePhotos.AsNoTracking().Where(p => p.MeasureId != null && ids.Contains(p.MeasureId.Value))
            : db.EvidencePhotos.AsNoTracking().Where(p => p.VisitId != null && ids.Contains(p.VisitId.Value));
        return query.OrderBy(p => p.Id).ToList().ToLookup(p => (p.MeasureId ?? p.VisitId)!.Value);
    }
}
