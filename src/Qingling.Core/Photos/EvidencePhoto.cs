namespace Qingling.Core.Photos;

/// <summary>
/// 佐证照片: a photo or scan attached to a measure or a visit. The image itself lives in a folder outside the database,
/// named by the SHA-256 of its stored bytes; the row says whose it is, what it belongs to, and who took it when.
/// </summary>
public class EvidencePhoto
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    /// <summary>What the photo belongs to: <see cref="EvidenceOwners.Measure"/> or <see cref="EvidenceOwners.Visit"/>.</summary>
    public string OwnerKind { get; set; } = "";
    public long? MeasureId { get; set; }
    public long? VisitId { get; set; }
    /// <summary>SHA-256 (lower-case hex) of the stored, sized-down JPEG: also its file name.</summary>
    public string Sha256 { get; set; } = "";
    public string ThumbSha256 { get; set; } = "";
    public long Size { get; set; }
    public long ThumbSize { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public string ContentType { get; set; } = "image/jpeg";
    /// <summary>The name the phone gave the file, kept for the trace (never used to read or store it).</summary>
    public string OriginalName { get; set; } = "";
    /// <summary>The uploader's user name: they (and administrators) may delete it.</summary>
    public string UploadedBy { get; set; } = "";
    public DateTime UploadedAt { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }
}

/// <summary>The kinds of record a photo can belong to.</summary>
public static class EvidenceOwners
{
    public const string Measure = "measure", Visit = "visit";

    public static string Name(string kind) => kind switch { Measure => "措施", Visit => "走访", _ => kind };
}
