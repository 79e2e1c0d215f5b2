using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Qingling.Core.Photos;
using Qingling.Data.Database;
using Qingling.Data.Photos;
using Qingling.Web.Web;

namespace Qingling.Web.Api;

/// <summary>/api/measures/{id}/evidence: a measure's photos, listed and uploaded, under the page's scope rules.</summary>
public static class EvidenceEndpoints
{
    public sealed record PhotoDto(long Id, string Url, string ThumbUrl, int Width, int Height, long Size, string Sha256, string Name, string UploadedBy, DateTime UploadedAt);

    static PhotoDto Dto(EvidencePhoto p) => new(p.Id, $"/Evidence/{p.Id}", $"/Evidence/{p.Id}/thumb", p.Width, p.Height, p.Size, p.Sha256, p.OriginalName, p.UploadedBy, p.UploadedAt);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/measures/{id:long}/evidence", Results<Ok<List<PhotoDto>>, NotFound> (long id, Store store, CurrentUser current) =>
        {
            using var db = store.CreateContext();
            var measure = db.Measures.Find(id);
            if (measure is null || !current.CanSee(measure.HouseholdId)) return TypedResults.NotFound();
            return TypedResults.Ok(EvidenceHandler.For(db, EvidenceOwners.Measure, [id])[id]
                .Where(p => EvidenceWeb.CanView(current, p, measure.Department)).Select(Dto).ToList());
        }).WithSummary("措施的佐证照片");

        // multipart/form-data with one or more files named "photos"; the status is not changed.
        api.MapPost("/measures/{id:long}/evidence", async Task<Results<Ok<List<PhotoDto>>, NotFound, ForbidHttpResult, ValidationProblem>> (long id, HttpContext http, Store store, CurrentUser current) =>
        {
            Core.Measures.Measure? measure;
            using (var db = store.CreateContext()) measure = db.Measures.Find(id);
            if (measure is null || !current.CanSee(measure.HouseholdId)) return TypedResults.NotFound();
            if (!current.CanChangeMeasure(measure)) return TypedResults.Forbid();
            if (!http.Request.HasFormContentType)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["photos"] = ["请以 multipart/form-data 上传照片（字段名 photos）"] });
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            try
            {
                var prepared = EvidenceWeb.Prepare(form.Files.GetFiles("photos"));
                if (prepared.Count == 0) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["photos"] = ["没有收到照片（字段名 photos）"] });
                var rows = new EvidenceHandler(store, current.Actor, current.User.UserName).Attach(EvidenceOwners.Measure, id, prepared);
                return TypedResults.Ok(rows.Select(Dto).ToList());
            }
            catch (PhotoRejectedException e)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["photos"] = [.. e.Problems] });
            }
        }).WithMetadata(new RequestSizeLimitAttribute(EvidenceWeb.RequestLimit)).DisableAntiforgery().WithSummary("上传措施的佐证照片（不改变状态）");
    }
}
