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
    // AesGcm and HMACSHA256 are not thread-safe and costly to set up per value: one of each per thread,
    // and nonces drawn from a per-thread buffer of random bytes rather than one RNG call each.
    readonly ThreadLocal<AesGcm> _aes;
    readonly ThreadLocal<HMACSHA256> _hmac;
    readonly ThreadLocal<NonceSource> _nonces = new(() => new NonceSource());

    sealed class NonceSource
    {
        readonly byte[] _buffer = new byte[NonceSize * 512];
        int _used = NonceSize * 512;

        public void Next(Span<byte> nonce)
        {
            if (_used + NonceSize > _buffer.Length)
            {
                RandomNumberGenerator.Fill(_buffer);
                _used = 0;
            }
            _buffer.AsSpan(_used, NonceSize).CopyTo(nonce);
            _used += NonceSize;
        }
    }

    public PersonalDataProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32) throw new ArgumentException("主密钥应为32字节", nameof(masterKey));
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "qingling/aes-gcm"u8.ToArray());
        _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "qingling/hmac"u8.ToArray());
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(_encryptionKey, TagSize));
        _hmac = new ThreadLocal<HMACSHA256>(() => new HMACSHA256(_hashKey));
    }

    public byte[] Encrypt(string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        _nonces.Value!.Next(nonce);
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
    public byte[] Hash(string normalizedId)
    {
        var size = Encoding.UTF8.GetByteCount(normalizedId);
        Span<byte> input = size <= 64 ? stackalloc byte[64] : new byte[size];
        var length = Encoding.UTF8.GetBytes(normalizedId, input);
        Span<byte> mac = stackalloc byte[32];
        _hmac.Value!.TryComputeHash(input[..length], mac, out _);
        return mac[..16].ToArray();
    }

    /// <summary>A value stored in the database to tell whether the key file belongs to it.</summary>
    public string KeyCheck() => Convert.ToHexString(HMACSHA256.HashData(_hashKey, "qingling-key-check"u8)).ToLowerInvariant();
}
