using System.Net;
using System.Net.Sockets;
using Qingling.Core.Users;

namespace Qingling.Web.Users;

/// <summary>
/// Failed sign-ins per client address: <see cref="SignInRules.AddressMaxFailures"/> against one account, or
/// <see cref="SignInRules.AddressMaxFailuresAll"/> against all, in <see cref="SignInRules.AddressWindow"/>, and the
/// address gets 429 before any password is checked. Without it one outsider could keep any account, the administrator's
/// too, locked by trying five wrong passwords every quarter hour. Counted per account as well, so that an office behind
/// one NAT address is not shut out by one colleague's typos. Kept in memory: a restart forgives, which an
/// administrator may want anyway.
/// </summary>
public sealed class SignInThrottle
{
    readonly Dictionary<string, List<DateTime>> _failures = [];
    readonly Lock _lock = new();
    const int MaxAddresses = 100_000;

    /// <summary>The key of a client: its IPv4 address, or the /64 network of an IPv6 one (a single host usually holds all of it).</summary>
    public static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// Takes one try for the address and the account, counted as a failure until <see cref="Succeeded"/> gives it back; false when
    /// either has none left. Taking it before the check means parallel requests cannot overrun the limit.
    /// </summary>
    public bool TryClaim(string address, string userName, DateTime now)
    {
        lock (_lock)
        {
            var all = Times(address, now);
            var one = Times(AccountKey(address, userName), now);
            if (all.Count >= SignInRules.AddressMaxFailuresAll || one.Count >= SignInRules.AddressMaxFailures) return false;
            all.Add(now);
            one.Add(now);
            return true;
        }
    }

    /// <summary>The claimed try succeeded: it is not a failure. Earlier failures stay, so signing in to one's own account does not clear the way to lock another.</summary>
    public void Succeeded(string address, string userName, DateTime claimedAt)
    {
        lock (_lock)
        {
            if (_failures.TryGetValue(address, out var all)) all.Remove(claimedAt);
            if (_failures.TryGetValue(AccountKey(address, userName), out var one)) one.Remove(claimedAt);
        }
    }

    // Names are compared as the sign-in compares them: trimmed, and case-insensitively so "Admin" is not a fresh budget.
    static string AccountKey(string address, string userName) => address + "\n" + userName.Trim().ToLowerInvariant();

    List<DateTime> Times(string key, DateTime now)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            if (_failures.Count >= MaxAddresses) Prune(now);
            _failures[key] = times = [];
        }
        times.RemoveAll(t => t <= now - SignInRules.AddressWindow);
        return times;
    }

    void Prune(DateTime now)
    {
        foreach (var (key, times) in _failures.ToList())
            if (times.All(t => t <= now - SignInRules.AddressWindow)) _failures.Remove(key);
    }
}
