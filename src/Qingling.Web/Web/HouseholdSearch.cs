using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Regions;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Queries;

namespace Qingling.Web.Web;

/// <summary>A household found by the top bar's search, and why it matched.</summary>
public sealed record SearchHit(string Code, string Head, string Village, string? Group, string Why);

/// <summary>
/// Finds households by 户主 or member name, by 户编号, or by an ID number, whole or its last digits, within what the
/// user may see.
/// </summary>
/// <remarks>
/// ID numbers are stored encrypted with an HMAC of the whole number only. A whole number is looked up by that HMAC. The
/// last digits are matched by decrypting the members in the user's scope whose mask ends with the same check
/// character (the mask shows it in clear, so the database narrows the candidates about elevenfold first). No new
/// derived value of the ID is stored, so the database alone gives away nothing more than before; an HMAC of the tail
/// would have been faster but is one more keyed value to back-fill and keep. Because a search on the tail answers
/// "does someone here end in 1234", every ID search is written to the trace with the digits asked, so an auditor
/// sees anyone walking through tails to learn hidden digits.
/// </remarks>
public static partial class HouseholdSearch
{
    public const int MaxHits = 50;

    [GeneratedRegex("^[0-9]{3,5}[0-9X]$")]
    private static partial Regex IdTail();

    /// <summary>The hits (at most <see cref="MaxHits"/>), whether there were more, and a problem with the query in Chinese.</summary>
    public static (IReadOnlyList<SearchHit> Hits, bool More, string? Problem) Find(Store store, CurrentUser current, string? text)
    {
        var q = (text ?? "").Trim();
        if (q.Length == 0) return ([], false, null);
        if (q.Length > 40) return ([], false, "查找内容过长（最多40个字）：请输入户主或成员姓名、户编号，或证件号码（全部或后4至6位）");
        using var db = store.CreateContext();
        var why = new Dictionary<long, string>();
        void Hit(long household, string reason) { if (current.CanSee(household)) why.TryAdd(household, reason); }

        var upper = q.ToUpperInvariant();
        if (IdNumber.TryValidate(upper, out var id, out _))
        {
            var hash = store.Protector.Hash(id);
            foreach (var m in db.Members.AsNoTracking().Where(m => m.IdHash == hash).Select(m => new { m.HouseholdId, m.Name, m.IdMasked }).ToList())
                Hit(m.HouseholdId, $"证件号码 {m.IdMasked}（{m.Name}）");
            Trace(db, current, $"按完整证件号码查找，找到{why.Count}户");
        }
        else if (IdTail().IsMatch(upper))
        {
            var check = upper[^1].ToString();
            var found = 0;
            foreach (var m in db.Members.AsNoTracking().Where(m => m.IdMasked.EndsWith(check))
                         .Select(m => new { m.HouseholdId, m.Name, m.IdMasked, m.IdCipher }).AsEnumerable())
            {
                if (!current.CanSee(m.HouseholdId) || !store.Protector.Decrypt(m.IdCipher).EndsWith(upper, StringComparison.Ordinal)) continue;
                found++;
                Hit(m.HouseholdId, $"证件号码后{upper.Length}位 {upper}（{m.Name}，{m.IdMasked}）");
            }
            Trace(db, current, $"按证件号码后{upper.Length}位“{upper}”查找，找到{found}人");
        }

        // 户编号: whole codes first, then codes containing what was typed (at least 3 characters, or every code matches).
        // Names and codes do not share characters: a query of digits alone (an ID number's X included) is no one's name,
        // and one without a letter or digit is no one's code. Each skipped scan is a pass over every member or household.
        var number = q.All(c => char.IsAsciiDigit(c) || c is 'X' or 'x');
        var name = !q.Any(char.IsAsciiLetterOrDigit);
        if (q.Length >= 3 && !name)
            foreach (var h in db.Households.AsNoTracking().Where(h => h.Code.Contains(q)).Select(h => new { h.Id, h.Code }).AsEnumerable()
                         .OrderBy(h => h.Code == q ? 0 : 1).ThenBy(h => h.Code, StringComparer.Ordinal))
                Hit(h.Id, h.Code == q ? "户编号" : "户编号包含“" + q + "”");
        if (!number)
            foreach (var m in db.Members.AsNoTracking().Where(m => m.Name.Contains(q)).Select(m => new { m.HouseholdId, m.Name, m.RelationToHead, m.LeftOn }).AsEnumerable()
                         .OrderBy(m => m.Name == q ? 0 : 1).ThenBy(m => m.RelationToHead == Member.HeadRelation ? 0 : 1))
                Hit(m.HouseholdId, (m.RelationToHead == Member.HeadRelation ? "户主 " : $"成员 ") + m.Name + (m.LeftOn is null ? "" : "（已不在户）"));

        var ids = why.Keys.Take(MaxHits).ToList();
        var labels = HouseholdLabels.Load(db, ids);
        var households = new Dictionary<long, (string Code, long Village)>();
        foreach (var chunk in ids.Chunk(1000))
            foreach (var h in db.Households.AsNoTracking().Where(h => chunk.Contains(h.Id)).Select(h => new { h.Id, h.Code, h.VillageId }).ToList())
                households[h.Id] = (h.Code, h.VillageId);
        var villages = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToDictionary(r => r.Id, r => r.Name);
        var hits = ids.Select(i => new SearchHit(households[i].Code, labels.For(i).Head, villages.GetValueOrDefault(households[i].Village, ""), labels.For(i).Group, why[i])).ToList();
        return (hits, why.Count > MaxHits, null);
    }

    static void Trace(QinglingDbContext db, CurrentUser current, string summary)
    {
        AuditLog.Add(db, current.Actor, AuditLog.Searched, "证件号码", summary);
        db.SaveChanges();
    }
}
