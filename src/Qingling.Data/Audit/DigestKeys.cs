using System.Collections.Concurrent;
using System.Security.Cryptography;
using Qingling.Data.Database;

namespace Qingling.Data.Audit;

/// <summary>
/// The MAC key of row digests and table seals, per database. Derived from the key file's master key with HKDF under its
/// own label, so it is kept where the ID-number key is kept (outside the database) and needs no second file; knowing it
/// tells nothing about the encryption key, and the other way round. Registered when <see cref="Store.Open"/> has checked
/// the key file against the database; every context of that database then carries it.
/// </summary>
public static class DigestKeys
{
    static readonly ConcurrentDictionary<string, byte[]> Keys = new(StringComparer.Ordinal);

    public static byte[] Derive(byte[] masterKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "qingling/row-digest"u8.ToArray());

    public static void Register(DatabaseOptions options, byte[] masterKey) => Keys[Name(options)] = Derive(masterKey);

    /// <summary>The MAC key of this database, or null when it was not opened with its key file in this process.</summary>
    public static byte[]? For(DatabaseOptions options) => Keys.TryGetValue(Name(options), out var key) ? key : null;

    static string Name(DatabaseOptions options) => $"{options.Provider}|{options.ConnectionString}";
}
