using System.Buffers.Binary;
using SkiaSharp;

namespace Qingling.Tests.Photos;

/// <summary>Synthetic pictures for the evidence tests: gradients drawn with SkiaSharp, an EXIF block with a GPS position written by hand.</summary>
public static class TestImages
{
    /// <summary>The camera make written into the EXIF block: found in the upload, must not be found in what is stored.</summary>
    public const string CameraMake = "QLTESTCAM";

    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, bool transparent = false)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(transparent ? SKColors.Transparent : SKColors.White);
            using var paint = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.SeaGreen, SKColors.Goldenrod], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width / 2f, height, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    /// <summary>A JPEG carrying an EXIF block (APP1) right after its start: camera make, orientation, and a GPS latitude.</summary>
    public static byte[] JpegWithExif(int width, int height, ushort orientation = 1)
    {
        var jpeg = Jpeg(width, height);
        var tiff = new byte[78];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 3);
        Entry(tiff, 10, 0x010F, 2, 10, 50);            // Make → offset 50
        Entry(tiff, 22, 0x0112, 3, 1, orientation);    // Orientation, inline
        Entry(tiff, 34, 0x8825, 4, 1, 60);             // GPS IFD → offset 60
        // next IFD offset (46..49) stays 0
        System.Text.Encoding.ASCII.GetBytes(CameraMake + "\0").CopyTo(tiff, 50);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(60), 1);
        Entry(tiff, 62, 0x0001, 2, 2, BinaryPrimitives.ReadUInt32LittleEndian("N\0\0\0"u8)); // GPSLatitudeRef "N"
        var app1 = new List<byte> { 0xFF, 0xE1 };
        var length = (ushort)(2 + 6 + tiff.Length);
        app1.Add((byte)(length >> 8));
        app1.Add((byte)length);
        app1.AddRange("Exif\0\0"u8.ToArray());
        app1.AddRange(tiff);
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    static void Entry(byte[] b, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 4), count);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), value);
    }

    /// <summary>A small PNG file whose header declares <paramref name="width"/>×<paramref name="height"/> pixels: a decompression bomb's header.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var png = new List<byte>([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return [.. png];
    }

    static void Chunk(List<byte> png, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        png.AddRange(len);
        var body = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.AddRange(body);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
        png.AddRange(crc);
    }

    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>The first bytes of an iPhone's HEIC photo (an ISO box "ftyp" with brand heic), then filler.</summary>
    public static byte[] Heic() => [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, .. new byte[2000]];

    public static (int Width, int Height) Size(byte[] bytes)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes)) ?? throw new InvalidDataException("not an image");
        return (codec.Info.Width, codec.Info.Height);
    }
}
