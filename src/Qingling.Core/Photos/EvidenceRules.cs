using Qingling.Core.Users;

namespace Qingling.Core.Photos;

/// <summary>The image formats a phone sends, recognised by their first bytes, never by the file's name.</summary>
public enum ImageFormat { Unknown, Jpeg, Png, WebP, Heic }

/// <summary>
/// What an evidence upload may be and who may see it: limits on size, count and pixels (a small file can declare a
/// huge image, so pixels are checked from the header before anything is decoded), and the viewing rule.
/// </summary>
public static class EvidenceRules
{
    public const long MaxFileBytes = 15L * 1024 * 1024;
    public const int MaxFiles = 6;
    /// <summary>60 million pixels: a 50-megapixel phone camera passes, a decompression bomb does not.</summary>
    public const long MaxPixels = 60_000_000;
    public const int LongestSide = 1600;
    public const int ThumbSide = 320;
    public const int Quality = 80;
    public const int ThumbQuality = 70;

    /// <summary>The format the bytes begin with.</summary>
    public static ImageFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return ImageFormat.Jpeg;
        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A })) return ImageFormat.Png;
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return ImageFormat.WebP;
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(head[8..12]);
            if (brand is "heic" or "heix" or "hevc" or "hevx" or "mif1" or "msf1" or "heim" or "heis" or "avif") return ImageFormat.Heic;
        }
        return ImageFormat.Unknown;
    }

    /// <summary>Why a file is refused before decoding, in Chinese and naming it; null when it may be decoded.</summary>
    public static string? Problem(string name, long length, ReadOnlySpan<byte> head)
    {
        if (length == 0) return $"“{name}”是空文件";
        if (length > MaxFileBytes) return $"“{name}”太大：约{length / 1024.0 / 1024.0:0.#} MB，每张照片不超过{MaxFileBytes / 1024 / 1024} MB";
        return Sniff(head) switch
        {
            ImageFormat.Unknown => $"“{name}”不是照片：只接受 JPEG、PNG、WebP 格式的照片或扫描件",
            _ => null,
        };
    }

    /// <summary>The refusal for an image whose header declares too many pixels.</summary>
    public static string? PixelProblem(string name, int width, int height) =>
        width <= 0 || height <= 0 ? $"“{name}”无法读取：图片已损坏"
        : (long)width * height > MaxPixels ? $"“{name}”像素过多（{width}×{height}），超过{MaxPixels / 10_000}万像素的上限：请用手机相机的普通模式重拍或缩小后上传"
        : null;

    /// <summary>The size an image is stored at: the longest side at most <paramref name="side"/>, never enlarged.</summary>
    public static (int Width, int Height) Fit(int width, int height, int side)
    {
        var longest = Math.Max(width, height);
        if (longest <= side) return (width, height);
        var scale = (double)side / longest;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>
    /// Who may see a photo: whoever sees the household, except that a department sees only the photos of its own
    /// department's measures (as it changes only those), not visits' or other departments'.
    /// </summary>
    public static bool CanView(User user, bool seesHousehold, string ownerKind, string? measureDepartment) => seesHousehold && user.Role switch
    {
        Role.Department => ownerKind == EvidenceOwners.Measure && measureDepartment == user.Department,
        _ => true,
    };

    /// <summary>Who may delete a photo: its uploader (still able to see it) or an administrator.</summary>
    public static bool CanDelete(User user, bool canView, string uploadedBy) =>
        canView && (user.Role == Role.Admin || (user.Role is Role.Village or Role.Department && user.UserName == uploadedBy));
}
