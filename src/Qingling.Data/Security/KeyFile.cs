using System.Security.Cryptography;

namespace Qingling.Data.Security;

/// <summary>The master key file: 32 random bytes in base64, readable only by its owner.</summary>
public static class KeyFile
{
    /// <summary>Reads the key, creating the file when <paramref name="createIfMissing"/> and it does not exist.</summary>
    public static byte[] Load(string path, bool createIfMissing)
    {
        if (!File.Exists(path))
        {
            if (!createIfMissing)
                throw new FileNotFoundException($"找不到密钥文件 {path}：证件号码已加密保存，没有原密钥无法读取。请用 --key-file 指定。", path);
            var key = RandomNumberGenerator.GetBytes(32);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            // Created 0600 at once: writing first and changing the mode after left the key readable by all for a moment.
            OwnerOnlyFile.Create(path, Convert.ToBase64String(key) + "\n");
            return key;
        }
        byte[] bytes;
        try { bytes = Convert.FromBase64String(File.ReadAllText(path).Trim()); }
        catch (FormatException) { throw new InvalidDataException($"密钥文件 {path} 格式错误：应为32字节的base64文本"); }
        if (bytes.Length != 32) throw new InvalidDataException($"密钥文件 {path} 长度错误：应为32字节，实为{bytes.Length}字节");
        return bytes;
    }
}
