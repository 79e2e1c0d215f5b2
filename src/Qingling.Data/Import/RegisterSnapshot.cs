using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Data.Database;
using Qingling.Data.Security;

namespace Qingling.Data.Import;

/// <summary>
/// What the register already holds, in the compact form an import compares against: households whole
/// (they are few), members and income as fingerprints, so a million existing members cost tens of MB.
/// </summary>
sealed class RegisterSnapshot
{
    public readonly record struct MemberState(long Id, long HouseholdId, ulong Fingerprint, bool Left);

    public Dictionary<string, Household> Households { get; } = new(StringComparer.Ordinal);
    public Dictionary<long, string?> Phones { get; } = [];
    public Dictionary<UInt128, MemberState> Members { get; } = [];
    public Dictionary<long, ulong> Income { get; } = [];
    /// <summary>The import's year's facts already held, per household and per member (with the member's household).</summary>
    public Dictionary<long, ulong> HouseholdYears { get; } = [];
    public Dictionary<long, (long HouseholdId, ulong Fingerprint)> MemberYears { get; } = [];
    /// <summary>The latest year with facts, per household and per member: an older export must not rewrite the current register.</summary>
    public Dictionary<long, int> LatestHouseholdYear { get; } = [];
    public Dictionary<long, int> LatestMemberYear { get; } = [];

    public static RegisterSnapshot Load(QinglingDbContext db, PersonalDataProtector protector, int year)
    {
        var s = new RegisterSnapshot();
        foreach (var h in db.Households.AsNoTracking())
        {
            s.Households[h.Code] = h;
            s.Phones[h.Id] = h.PhoneCipher is null ? null : protector.Decrypt(h.PhoneCipher);
        }
        foreach (var m in db.Members.AsNoTracking())
            s.Members[Key(m.IdHash)] = new MemberState(m.Id, m.HouseholdId, Fingerprints.Of(m), m.LeftOn is not null);
        var lines = db.IncomeEntries.AsNoTracking()
            .Where(e => e.Year == year && e.Source == IncomeSource.Import)
            .Select(e => new { e.HouseholdId, e.Category, e.Subcategory, e.Amount })
            .AsEnumerable()
            .GroupBy(e => e.HouseholdId);
        foreach (var g in lines)
            s.Income[g.Key] = Fingerprints.Of(g.Select(e => (e.Category, e.Subcategory, e.Amount)));
        foreach (var f in db.HouseholdYears.AsNoTracking().Where(f => f.Year == year))
            s.HouseholdYears[f.HouseholdId] = Fingerprints.Of(f);
        foreach (var f in db.MemberYears.AsNoTracking().Where(f => f.Year == year))
            s.MemberYears[f.MemberId] = (f.HouseholdId, Fingerprints.Of(f));
        foreach (var l in db.HouseholdYears.GroupBy(f => f.HouseholdId).Select(g => new { g.Key, Year = g.Max(f => f.Year) }))
            s.LatestHouseholdYear[l.Key] = l.Year;
        foreach (var l in db.MemberYears.GroupBy(f => f.MemberId).Select(g => new { g.Key, Year = g.Max(f => f.Year) }))
            s.LatestMemberYear[l.Key] = l.Year;
        return s;
    }

    public static UInt128 Key(byte[] idHash) => new(BitConverter.ToUInt64(idHash, 0), BitConverter.ToUInt64(idHash, 8));
}

/// <summary>FNV-1a fingerprints of the fields an import may change.</summary>
static class Fingerprints
{
    sealed class Fnv
    {
        ulong _h = 14695981039346656037UL;
        public Fnv Add(string? s)
        {
            foreach (var c in s ?? "\u0001") { _h ^= c; _h *= 1099511628211UL; }
            _h ^= 0x1F; _h *= 1099511628211UL;
            return this;
        }
        public Fnv Add(long? v) => Add(v?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        public ulong Value => _h;
    }

    public static ulong Of(Member m) => new Fnv().Add(m.HouseholdId).Add(m.Name).Add(m.RelationToHead).Add((int)m.Sex)
        .Add(m.BirthYear).Add(m.Ethnicity).Add(m.Education).Add(m.SchoolStatus).Add(m.Health).Add(m.Disability)
        .Add((int)m.Labour).Add(m.WorkStatus).Add(m.MonthsWorked).Add(m.LeftOn is null ? 0 : 1).Value;

    public static ulong Of(Household h, string? phone) => new Fnv().Add(h.Code).Add(h.VillageId).Add(h.GroupName).Add((int)h.Type)
        .Add((int?)h.Monitoring).Add(h.ExitYear).Add(h.Risks).Add(phone).Add(h.AssignedUnit).Add(h.WorkTeam).Add(h.Cadre).Value;

    public static ulong Of(HouseholdYearFacts f) => new Fnv().Add((int)f.Type).Add((int?)f.Monitoring)
        .Add(f.StatedNetIncome?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).Add(f.StatedPerCapita?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).Value;

    public static ulong Of(MemberYearFacts f) => new Fnv().Add(f.HouseholdId).Add(f.RelationToHead).Add((int)f.Labour).Add(f.WorkStatus)
        .Add(f.MonthsWorked).Add(f.SchoolStatus).Add(f.Health).Value;

    public static ulong Of(IEnumerable<(IncomeCategory Category, string Subcategory, decimal Amount)> lines)
    {
        var f = new Fnv();
        foreach (var (c, s, a) in lines.OrderBy(l => l.Category).ThenBy(l => l.Subcategory, StringComparer.Ordinal).ThenBy(l => l.Amount))
            f.Add((int)c).Add(s).Add(Money.Invariant(a));
        return f.Value;
    }
}
