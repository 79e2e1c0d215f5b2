using Qingling.Core.Photos;
using SkiaSharp;

namespace Qingling.Data.Photos;

/// <summary>A photo ready to store: the sized-down JPEG and its thumbnail, both without any metadata.</summary>
public sealed record ProcessedPhoto(string Name, byte[] Jpeg, int Width, int Height, byte[] Thumb);

/// <summary>Raised when an uploaded file is not a photo that can be stored; the message is Chinese and names the file.</summary>
public sealed class PhotoRejectedException(IReadOnlyList<string> problems) : Exception(string.Join("；", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Checks, decodes and re-encodes an uploaded photo with SkiaSharp. Re-encoding from pixels drops everything else the
/// file carried (EXIF with GPS position, camera serial, XMP, embedded previews); the EXIF orientation is applied to the
/// pixels first, so a phone photo taken upright stays upright without it.
/// </summary>
public static class PhotoProcessor
{
    public static ProcessedPhoto Process(string name, byte[] bytes)
    {
        if (EvidenceRules.Problem(name, bytes.LongLength, bytes.AsSpan(0, Math.Min(bytes.Length, 16))) is { } problem) throw new PhotoRejectedException([problem]);
        var format = EvidenceRules.Sniff(bytes);
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw new PhotoRejectedException([format == ImageFormat.Heic
                ? $"“{name}”是 HEIC/HEIF 格式（苹果手机的“高效”格式），本系统无法读取：请在手机“设置→相机→格式”中选“兼容性最佳”后重拍，或在网页中选照片上传（手机会自动转为 JPEG）"
                : $"“{name}”无法读取：文件已损坏或不是完整的照片"]);
        }
        // The codec must agree with the first bytes: a file that only starts like a JPEG is not accepted as one.
        var agrees = (format, codec.EncodedFormat) switch
        {
            (ImageFormat.Jpeg, SKEncodedImageFormat.Jpeg) or (ImageFormat.Png, SKEncodedImageFormat.Png) or (ImageFormat.WebP, SKEncodedImageFormat.Webp) => true,
            _ => false,
        };
        if (!agrees) throw new PhotoRejectedException([$"“{name}”不是照片：只接受 JPEG、PNG、WebP 格式的照片或扫描件"]);
        // Pixels from the header, before a byte of the image is decoded: a tiny file can declare a gigapixel bomb.
        if (EvidenceRules.PixelProblem(name, codec.Info.Width, codec.Info.Height) is { } pixels) throw new PhotoRejectedException([pixels]);

        using var decoded = Decode(name, codec);
        using var upright = Orient(decoded, codec.EncodedOrigin);
        var (w, h) = EvidenceRules.Fit(upright.Width, upright.Height, EvidenceRules.LongestSide);
        var jpeg = Encode(upright, w, h, EvidenceRules.Quality);
        var (tw, th) = EvidenceRules.Fit(upright.Width, upright.Height, EvidenceRules.ThumbSide);
        var thumb = Encode(upright, tw, th, EvidenceRules.ThumbQuality);
        return new ProcessedPhoto(name, jpeg, w, h, thumb);
    }

    /// <summary>Decodes at the smallest size the codec offers that is still at least the stored size (JPEG: 1/2, 1/4, 1/8).</summary>
    static SKBitmap Decode(string name, SKCodec codec)
    {
        var longest = Math.Max(codec.Info.Width, codec.Info.Height);
        var scale = Math.Min(1f, (float)EvidenceRules.LongestSide / longest);
        var size = codec.GetScaledDimensions(scale);
        if (Math.Max(size.Width, size.Height) < Math.Min(longest, EvidenceRules.LongestSide)) size = codec.Info.Size;
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        // Incomplete: a truncated file still shows what it holds (gray below); anything else is a damaged file.
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            throw new PhotoRejectedException([$"“{name}”无法读取：文件已损坏或不是完整的照片"]);
        }
        return bitmap;
    }

    static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default) return source.Copy();
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType);
        using var canvas = new SKCanvas(result);
        float w = source.Width, h = source.Height;
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Scale(-1, 1); canvas.Translate(-w, 0); break;
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180); canvas.Translate(-w, -h); break;
            case SKEncodedOrigin.BottomLeft: canvas.Scale(1, -1); canvas.Translate(0, -h); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(h, 0); canvas.RotateDegrees(90); canvas.Scale(-1, 1); canvas.Translate(-w, 0); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(270); break;
        }
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }

    /// <summary>Draws on white (a transparent PNG would turn black in JPEG) at the target size and encodes a bare JPEG.</summary>
    static byte[] Encode(SKBitmap source, int width, int height, int quality)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("无法分配图片内存");
        surface.Canvas.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(source);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }
}
