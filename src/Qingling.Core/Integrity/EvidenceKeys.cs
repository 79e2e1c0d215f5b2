using System.Security.Cryptography;
using System.Text;

namespace Qingling.Core.Integrity;

/// <summary>
/// An alert's evidence key from the ids behind it. The stored key has room for 200 characters (PostgreSQL enforces it):
/// a long list of ids is kept as its SHA-256, which names the same set just as well.
/// </summary>
public static class EvidenceKeys
{
    public const int MaxLength = 200;

    public static string Of(string prefix, IEnumerable<long> ids)
    {
        var key = prefix + string.Join(",", ids.Order());
        return key.Length <= MaxLength ? key : prefix + "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
