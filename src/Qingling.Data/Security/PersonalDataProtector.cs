using System.Security.Cryptography;
using System.Text;

namespace Qingling.Data.Security;

/// <summary>
/// Encrypts ID and phone numbers at rest (AES-256-GCM, random nonce per value) and gives a keyed hash
/// (HMAC-SHA256) for exact look-up. Both keys are derived from one master key kept in a file outside
/// the database, so a copy of the database alone reveals no ID number.
/// </summary>
public sealed class PersonalDataProtector
{
    const int NonceSize = 12;
    const int TagSize = 16;
    readonly byte[] _encryptionKey;
    readonly byte[] _hashKey;
    // AesGcm is not thread-safe and costly to set up per value: one per thread.
    readonly ThreadLocal<AesGcm> _aes;

    public PersonalDataProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32) throw new ArgumentException("主密钥应为32字节", nameof(masterKey));
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "qingling/aes-gcm"u8.ToArray());
        _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "qingling/hmac"u8.ToArray());
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(_encryptionKey, TagSize));
    }

    public byte[] Encrypt(string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Value!.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length, TagSize));
        return output;
    }

    public string Decrypt(byte[] cipher)
    {
        if (cipher.Length < NonceSize + TagSize) throw new CryptographicException("密文长度不正确");
        var length = cipher.Length - NonceSize - TagSize;
        var plain = new byte[length];
        _aes.Value!.Decrypt(cipher.AsSpan(0, NonceSize), cipher.AsSpan(NonceSize, length), cipher.AsSpan(NonceSize + length, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Keyed hash of a normalised ID number: equal IDs give equal hashes, and nobody without the key can test a guess.</summary>
    /// <remarks>Truncated to 128 bits: ample against collisions among billions of people, and half the index.</remarks>
    public byte[] Hash(string normalizedId) => HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(normalizedId))[..16];

    /// <summary>A value stored in the database to tell whether the key file belongs to it.</summary>
    public string KeyCheck() => Convert.ToHexString(HMACSHA256.HashData(_hashKey, "qingling-key-check"u8)).ToLowerInvariant();
}
