using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Data.Database;
using Qingling.Data.Security;

namespace Qingling.Data.Import;

/// <summary>
/// What the register already holds of the households and members an import's file names, in the compact form the import
/// compares against: households whole, members and income as fingerprints. A file that may hold a tenth of the register or
/// more reads it whole at the start (a town's annual export); a smaller one (one county's export into a province's
/// register) reads chunk by chunk as its rows arrive (<see cref="Cover"/>), by village and by index, so it reads that
/// county's part, not ten million members. What a row needs: its household (by code) with that household's members, facts
/// and income of the year; its member (by ID hash), wherever the register has them now, with their facts of the year.
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

    const int Batch = 1_000;
    readonly QinglingDbContext _db;
    readonly PersonalDataProtector _protector;
    readonly int _year;
    readonly HashSet<string> _codesAsked = new(StringComparer.Ordinal);
    readonly HashSet<UInt128> _idsAsked = [];
    readonly HashSet<long> _villagesAsked = [];
    // A table empty when the import began has nothing to look up: the import may have dropped its indexes, and the rows
    // it writes there are its own.
    readonly bool _households, _members, _income, _householdYears, _memberYears;
    /// <summary>
    /// Ids from these on are this import's own rows (the writer numbers its inserts from them): a village it created comes
    /// back from the resolver by the next chunk, and its households and members must not be read back as the register's.
    /// </summary>
    public long FirstNewHousehold { get; }
    public long FirstNewMember { get; }

    RegisterSnapshot(QinglingDbContext db, PersonalDataProtector protector, int year)
    {
        (_db, _protector, _year) = (db, protector, year);
        _households = db.Households.Any();
        _members = db.Members.Any();
        _income = db.IncomeEntries.Any();
        _householdYears = db.HouseholdYears.Any();
        _memberYears = db.MemberYears.Any();
        FirstNewHousehold = (db.Households.Max(h => (long?)h.Id) ?? 0) + 1;
        FirstNewMember = (db.Members.Max(m => (long?)m.Id) ?? 0) + 1;
    }

    /// <summary>Whether rows still have something to read (the register held households or members, and was not read whole).</summary>
    public bool Reads => !_whole && (_households || _members);
    bool _whole;

    /// <summary>
    /// Begins, before the import writes anything: the whole register at once when the file may hold a tenth of its
    /// households or more (<see cref="RegisterReading.Whole"/>), else nothing yet (<see cref="Cover"/> reads as rows come).
    /// </summary>
    public static RegisterSnapshot Begin(QinglingDbContext db, PersonalDataProtector protector, int year, long fileBytes)
    {
        var s = new RegisterSnapshot(db, protector, year);
        if (s._households && RegisterReading.Whole(fileBytes, db.Households.LongCount())) s.ReadWhole();
        return s;
    }

    void ReadWhole()
    {
        _whole = true;
        foreach (var h in _db.Households.AsNoTracking()) AddHousehold(h, null);
        foreach (var m in _db.Members.AsNoTracking())
            Members[Key(m.IdHash)] = new MemberState(m.Id, m.HouseholdId, Fingerprints.Of(m), m.LeftOn is not null);
        var lines = _db.IncomeEntries.AsNoTracking()
            .Where(e => e.Year == _year && e.Source == IncomeSource.Import)
            .Select(e => new { e.HouseholdId, e.Category, e.Subcategory, e.Amount })
            .AsEnumerable()
            .GroupBy(e => e.HouseholdId);
        foreach (var g in lines) Income[g.Key] = Fingerprints.Of(g.Select(e => (e.Category, e.Subcategory, e.Amount)));
        foreach (var f in _db.HouseholdYears.AsNoTracking().Where(f => f.Year == _year)) HouseholdYears[f.HouseholdId] = Fingerprints.Of(f);
        foreach (var f in _db.MemberYears.AsNoTracking().Where(f => f.Year == _year)) MemberYears[f.MemberId] = (f.HouseholdId, Fingerprints.Of(f));
        foreach (var l in _db.HouseholdYears.GroupBy(f => f.HouseholdId).Select(g => new { g.Key, Year = g.Max(f => f.Year) })) LatestHouseholdYear[l.Key] = l.Year;
        foreach (var l in _db.MemberYears.GroupBy(f => f.MemberId).Select(g => new { g.Key, Year = g.Max(f => f.Year) })) LatestMemberYear[l.Key] = l.Year;
    }

    /// <summary>
    /// Reads what the next rows need and has not been read yet. Called before those rows are written (the connection must
    /// be free). Whole villages first: the households of each village the rows lie in, the first time one of its rows comes
    /// (a file lists a village's households together, so each village is one read rather than one per batch of rows).
    /// Then, by index, the households not found there (moved to
    /// another village, or new) by code, and the members not found by ID hash, wherever they are now. Nothing asked for here
    /// is kept as the register's: each village, code and hash is asked once, before its first row is written, and a village
    /// this import created holds only its own rows, left out by id. What is read first is kept (the state the import began
    /// from).
    /// </summary>
    public void Cover(IEnumerable<(string HouseholdCode, long? VillageId, byte[] IdHash)> rows)
    {
        if (!Reads) return;
        var chunkRows = rows.ToList();
        var villages = _households ? chunkRows.Select(r => r.VillageId).OfType<long>().Where(_villagesAsked.Add).ToList() : [];
        var householdIds = new List<long>();
        foreach (var chunk in villages.Chunk(Batch))
            foreach (var h in _db.Households.AsNoTracking().Where(h => chunk.Contains(h.VillageId))) AddHousehold(h, householdIds);
        var codes = new List<string>();
        if (_households)
            foreach (var (code, _, _) in chunkRows)
                if (!Households.ContainsKey(code) && _codesAsked.Add(code)) codes.Add(code);
        foreach (var chunk in codes.Chunk(Batch))
            foreach (var h in _db.Households.AsNoTracking().Where(h => chunk.Contains(h.Code))) AddHousehold(h, householdIds);
        var memberIds = new List<long>();
        foreach (var chunk in householdIds.Chunk(Batch))
        {
            foreach (var m in _db.Members.AsNoTracking().Where(m => chunk.Contains(m.HouseholdId))) AddMember(m, memberIds);
            if (_income)
            {
                var lines = _db.IncomeEntries.AsNoTracking()
                    .Where(e => chunk.Contains(e.HouseholdId) && e.Year == _year && e.Source == IncomeSource.Import)
                    .Select(e => new { e.HouseholdId, e.Category, e.Subcategory, e.Amount })
                    .AsEnumerable()
                    .GroupBy(e => e.HouseholdId);
                foreach (var g in lines) Income.TryAdd(g.Key, Fingerprints.Of(g.Select(e => (e.Category, e.Subcategory, e.Amount))));
            }
            if (_householdYears)
            {
                foreach (var f in _db.HouseholdYears.AsNoTracking().Where(f => chunk.Contains(f.HouseholdId) && f.Year == _year))
                    HouseholdYears.TryAdd(f.HouseholdId, Fingerprints.Of(f));
                foreach (var l in _db.HouseholdYears.Where(f => chunk.Contains(f.HouseholdId)).GroupBy(f => f.HouseholdId).Select(g => new { g.Key, Year = g.Max(f => f.Year) }))
                    LatestHouseholdYear.TryAdd(l.Key, l.Year);
            }
            // Facts of the year that place someone in these households, whoever they are now: a member the file no longer
            // lists there is taken out of that year.
            if (_memberYears)
                foreach (var f in _db.MemberYears.AsNoTracking().Where(f => chunk.Contains(f.HouseholdId) && f.Year == _year))
                    MemberYears.TryAdd(f.MemberId, (f.HouseholdId, Fingerprints.Of(f)));
        }
        var hashes = new List<byte[]>();
        if (_members)
            foreach (var (_, _, hash) in chunkRows)
                if (!Members.ContainsKey(Key(hash)) && _idsAsked.Add(Key(hash))) hashes.Add(hash);
        foreach (var chunk in hashes.Chunk(Batch))
            foreach (var m in MembersByHash(chunk)) AddMember(m, memberIds);
        if (!_memberYears) return;
        foreach (var chunk in memberIds.Chunk(Batch))
        {
            foreach (var f in _db.MemberYears.AsNoTracking().Where(f => chunk.Contains(f.MemberId) && f.Year == _year))
                MemberYears.TryAdd(f.MemberId, (f.HouseholdId, Fingerprints.Of(f)));
            foreach (var l in _db.MemberYears.Where(f => chunk.Contains(f.MemberId)).GroupBy(f => f.MemberId).Select(g => new { g.Key, Year = g.Max(f => f.Year) }))
                LatestMemberYear.TryAdd(l.Key, l.Year);
        }
    }

    void AddHousehold(Household h, List<long>? added)
    {
        if (h.Id >= FirstNewHousehold || !Households.TryAdd(h.Code, h)) return;
        Phones[h.Id] = h.PhoneCipher is null ? null : _protector.Decrypt(h.PhoneCipher);
        added?.Add(h.Id);
    }

    void AddMember(Member m, List<long> added)
    {
        if (m.Id < FirstNewMember && Members.TryAdd(Key(m.IdHash), new MemberState(m.Id, m.HouseholdId, Fingerprints.Of(m), m.LeftOn is not null))) added.Add(m.Id);
    }

    /// <summary>Members by their ID hashes, through the unique index. The hashes are written as hexadecimal literals: bytes the
    /// keyed hash made, never text from the file.</summary>
    IEnumerable<Member> MembersByHash(byte[][] hashes)
    {
        var sqlite = _db.Database.IsSqlite();
        var literals = string.Join(", ", hashes.Select(h => sqlite ? $"X'{Convert.ToHexString(h)}'" : $"decode('{Convert.ToHexString(h)}', 'hex')"));
#pragma warning disable EF1002 // Only hexadecimal digits of hashes are put into the statement.
        return _db.Members.FromSqlRaw($"SELECT * FROM members WHERE id_hash IN ({literals})").AsNoTracking().ToList();
#pragma warning restore EF1002
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

/// <summary>Whether an import reads the register whole before its first row, or only what its rows need.</summary>
public static class RegisterReading
{
    /// <summary>Bytes of a national export per household, roughly (.csv about 1,600, .xlsx about 1,300, at 3.7 members).</summary>
    public const long BytesPerHousehold = 1_500;

    /// <summary>
    /// Whole when the file may hold a tenth of the register's households or more. A whole town's corrected export
    /// (1,000,223 members into a register of the same town, SQLite) took 19.7 s read whole and 35.5 s village by village;
    /// one county's 77,674 members into a register of 250,000 households took 18.1 s (955 MB) read whole and 6.2 s
    /// (281 MB) by village.
    /// </summary>
    public static bool Whole(long fileBytes, long registerHouseholds) => fileBytes / BytesPerHousehold * 10 >= registerHouseholds;
}
