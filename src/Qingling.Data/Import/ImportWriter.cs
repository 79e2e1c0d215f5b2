using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Import;
using Qingling.Core.Income;
using Qingling.Core.Regions;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Data.Import;

/// <summary>
/// Second pass of an import: turns checked rows into inserts (bulk) and updates (tracked, each with its
/// before and after in the trace). New rows carry the batch id, which names their file and time.
/// </summary>
sealed class Writer : IDisposable
{
    const int SaveEvery = 2_000;
    readonly QinglingDbContext _db;
    readonly Store _store;
    readonly ImportBatch _batch;
    readonly RegisterSnapshot _snapshot;
    readonly string _file;
    readonly int _year;
    readonly string _actor;
    readonly DateTime _now;
    readonly DateOnly _changeDate;
    readonly BulkWriter _bulk;
    readonly BulkTable<Household> _households;
    readonly BulkTable<Member> _members;
    readonly BulkTable<IncomeEntry> _income;
    readonly BulkTable<Region> _regions;
    long _nextRegion;
    readonly BulkTable<HouseholdYearFacts> _householdYears;
    readonly BulkTable<MemberYearFacts> _memberYears;
    readonly Dictionary<string, long> _householdIds = new(StringComparer.Ordinal);
    readonly HashSet<long> _existingHouseholdsSeen = [];
    readonly HashSet<long> _membersSeen = [];
    long _nextHousehold, _nextMember, _nextIncome;
    int _pending;

    /// <summary>Rows of this year's facts written, added, changed or removed: a file that only adds a year's facts still changes the register.</summary>
    public int FactsChanged { get; private set; }

    /// <summary>Set for a dry run: what is added, updated, joins or leaves is also noted here for the preview.</summary>
    public PreviewCollector? Preview { get; init; }

    public Writer(QinglingDbContext db, Store store, ImportBatch batch, RegisterSnapshot snapshot, string file, int year, string actor, DateTime now)
    {
        (_db, _store, _batch, _snapshot, _file, _year, _actor, _now) = (db, store, batch, snapshot, file, year, actor, now);
        // Members who join or leave according to this export did so within its year (or by today, for the current year).
        var today = DateOnly.FromDateTime(now);
        var yearEnd = new DateOnly(year, 12, 31);
        _changeDate = today < yearEnd ? today : yearEnd;
        _bulk = new BulkWriter(db);
        // Parents first: regions (a village, then its group) before the households in them.
        _regions = _bulk.Add(new BulkTable<Region>(db));
        _nextRegion = (db.Regions.Max(r => (long?)r.Id) ?? 0) + 1;
        _households = _bulk.Add(new BulkTable<Household>(db));
        _members = _bulk.Add(new BulkTable<Member>(db));
        _income = _bulk.Add(new BulkTable<IncomeEntry>(db));
        _householdYears = _bulk.Add(new BulkTable<HouseholdYearFacts>(db));
        _memberYears = _bulk.Add(new BulkTable<MemberYearFacts>(db));
        // Numbered from where the snapshot begins leaving rows out as this import's own (it read the same maxima).
        (_nextHousehold, _nextMember) = (snapshot.FirstNewHousehold, snapshot.FirstNewMember);
        _nextIncome = (db.IncomeEntries.Max(e => (long?)e.Id) ?? 0) + 1;
    }

    /// <summary>A region the import creates, numbered here (under the import's table lock) and written with the bulk rows.</summary>
    void AddRegion(Region region)
    {
        region.Id = _nextRegion++;
        _regions.Add(region);
    }

    /// <summary>Reads what the register holds of the next rows' households and members, before any of them is written.</summary>
    public void Cover(IEnumerable<(string HouseholdCode, long? VillageId, byte[] IdHash)> rows)
    {
        if (!_snapshot.Reads) return;
        Flush();
        _snapshot.Cover(rows);
    }

    public void Row(ExportRow row, byte[] idHash, byte[] idCipher, RegionResolver regions)
    {
        if (!_householdIds.TryGetValue(row.HouseholdCode, out var householdId))
        {
            householdId = Household(row, regions.Village(row, Flush, AddRegion));
            _householdIds[row.HouseholdCode] = householdId;
            Income(row, householdId);
        }
        Member(row, householdId, idHash, idCipher);
        if (_pending >= SaveEvery) Save();
        else _bulk.FlushWhenFull();
    }

    long Household(ExportRow row, long villageId)
    {
        var fresh = new Household
        {
            Code = row.HouseholdCode, VillageId = villageId, GroupName = row.Group, Type = row.Type, Monitoring = row.Monitoring,
            ExitYear = row.ExitYear, Risks = row.Risks, AssignedUnit = row.AssignedUnit, WorkTeam = row.WorkTeam, Cadre = row.Cadre,
            PhoneCipher = row.Phone is null ? null : _store.Protector.Encrypt(row.Phone),
            PhoneMasked = row.Phone is null ? null : PhoneNumber.Mask(row.Phone),
        };
        if (!_snapshot.Households.TryGetValue(row.HouseholdCode, out var existing))
        {
            fresh.Id = _nextHousehold++;
            fresh.ImportBatchId = _batch.Id;
            _households.Add(fresh);
            _batch.HouseholdsAdded++;
            Preview?.HouseholdAdded(fresh.Id);
            HouseholdYear(row, fresh.Id);
            return fresh.Id;
        }
        _existingHouseholdsSeen.Add(existing.Id);
        HouseholdYear(row, existing.Id);
        // The register's own fields describe the latest year on record: an older year's export leaves them alone.
        if (_snapshot.LatestHouseholdYear.GetValueOrDefault(existing.Id) > _year) return existing.Id;
        if (Fingerprints.Of(existing, _snapshot.Phones[existing.Id]) == Fingerprints.Of(fresh, row.Phone)) return existing.Id;

        var before = AuditJson.Of(existing);
        fresh.Id = existing.Id;
        fresh.ImportBatchId = existing.ImportBatchId;
        if (_snapshot.Phones[existing.Id] == row.Phone) (fresh.PhoneCipher, fresh.PhoneMasked) = (existing.PhoneCipher, existing.PhoneMasked);
        _db.Households.Update(fresh);
        Audit("修改", "户", fresh.Id, fresh.Id, $"按{_file}更新户{fresh.Code}", before, AuditJson.Of(fresh));
        _batch.HouseholdsUpdated++;
        Preview?.HouseholdUpdated(fresh.Id);
        return fresh.Id;
    }

    /// <summary>The household's type and monitoring category as this year's record has them.</summary>
    void HouseholdYear(ExportRow row, long householdId)
    {
        var facts = new HouseholdYearFacts { HouseholdId = householdId, Year = _year, Type = row.Type, Monitoring = row.Monitoring, ImportBatchId = _batch.Id,
            StatedNetIncome = row.Household.StatedNetIncome, StatedPerCapita = row.Household.StatedPerCapita };
        if (!_snapshot.HouseholdYears.TryGetValue(householdId, out var existing))
        {
            _householdYears.Add(facts);
            FactsChanged++;
            return;
        }
        if (existing == Fingerprints.Of(facts)) return;
        Flush();
        var tracked = _db.HouseholdYears.Find(householdId, _year)!;
        var before = AuditJson.Of(tracked);
        (tracked.Type, tracked.Monitoring, tracked.ImportBatchId) = (facts.Type, facts.Monitoring, _batch.Id);
        (tracked.StatedNetIncome, tracked.StatedPerCapita) = (facts.StatedNetIncome, facts.StatedPerCapita);
        Audit("修改", "户年度信息", householdId, householdId, $"按{_file}更正户{row.HouseholdCode}的{_year}年户类型或监测类别", before, AuditJson.Of(tracked));
        FactsChanged++;
    }

    /// <summary>The member as this year's record has them: household, relation, labour, work.</summary>
    void MemberYear(ExportRow row, long memberId, long householdId, string name)
    {
        var facts = new MemberYearFacts
        {
            MemberId = memberId, Year = _year, HouseholdId = householdId, RelationToHead = row.Relation, Labour = row.Labour, WorkStatus = row.WorkStatus,
            MonthsWorked = row.MonthsWorked, SchoolStatus = row.SchoolStatus, Health = row.Health, ImportBatchId = _batch.Id,
        };
        if (!_snapshot.MemberYears.TryGetValue(memberId, out var existing))
        {
            _memberYears.Add(facts);
            FactsChanged++;
            return;
        }
        if (existing.Fingerprint == Fingerprints.Of(facts)) return;
        Flush();
        var tracked = _db.MemberYears.Find(memberId, _year)!;
        var before = AuditJson.Of(tracked);
        (tracked.HouseholdId, tracked.RelationToHead, tracked.Labour, tracked.WorkStatus) = (householdId, facts.RelationToHead, facts.Labour, facts.WorkStatus);
        (tracked.MonthsWorked, tracked.SchoolStatus, tracked.Health, tracked.ImportBatchId) = (facts.MonthsWorked, facts.SchoolStatus, facts.Health, _batch.Id);
        Audit("修改", "成员年度信息", memberId, householdId, $"按{_file}更正成员{name}的{_year}年信息", before, AuditJson.Of(tracked));
        FactsChanged++;
        _pending++;
    }

    void Income(ExportRow row, long householdId)
    {
        var lines = row.Income;
        var isNew = !_snapshot.Income.TryGetValue(householdId, out var existing);
        if (!isNew && existing == Fingerprints.Of(lines)) return;
        if (isNew && lines.Count == 0) return;

        string? before = null;
        if (!isNew)
        {
            Flush();
            var old = _db.IncomeEntries.AsNoTracking().Where(e => e.HouseholdId == householdId && e.Year == _year && e.Source == IncomeSource.Import).ToList();
            before = AuditJson.Of(old);
            _db.IncomeEntries.Where(e => e.HouseholdId == householdId && e.Year == _year && e.Source == IncomeSource.Import).ExecuteDelete();
            // Deleted by SQL, not through the tracker: their shares leave the ledger's seal here.
            TableSeal.Removed(_db, old);
        }
        var added = new List<IncomeEntry>(lines.Count);
        foreach (var (category, subcategory, amount) in lines)
        {
            var entry = new IncomeEntry
            {
                Id = _nextIncome++, HouseholdId = householdId, Year = _year, Category = category, Subcategory = subcategory, Amount = amount,
                Source = IncomeSource.Import, SourceFile = _file, SourceRow = row.Row, RecordedBy = _actor, RecordedAt = _now, ImportBatchId = _batch.Id,
            };
            _income.Add(entry);
            added.Add(entry);
        }
        _batch.IncomeEntriesAdded += added.Count;
        if (_snapshot.Households.ContainsKey(row.HouseholdCode))
        {
            _batch.IncomeHouseholdsChanged++;
            Preview?.IncomeChanged(householdId);
            Audit(isNew ? "新增" : "修改", "收入", null, householdId, $"按{_file}{(isNew ? "录入" : "更新")}户{row.HouseholdCode}的{_year}年收入", before, AuditJson.Of(added));
        }
    }

    void Member(ExportRow row, long householdId, byte[] hash, byte[] cipher)
    {
        var fresh = new Member
        {
            HouseholdId = householdId, Name = row.Name, IdHash = hash, IdMasked = IdNumber.Mask(row.IdNumber), RelationToHead = row.Relation,
            Sex = row.Sex, BirthYear = row.BirthDate.Year, Ethnicity = row.Ethnicity, Education = row.Education, SchoolStatus = row.SchoolStatus,
            Health = row.Health, Disability = row.Disability, Labour = row.Labour, WorkStatus = row.WorkStatus, MonthsWorked = row.MonthsWorked,
        };
        if (!_snapshot.Members.TryGetValue(RegisterSnapshot.Key(hash), out var existing))
        {
            fresh.Id = _nextMember++;
            fresh.IdCipher = cipher;
            fresh.ImportBatchId = _batch.Id;
            // A member new to a household the register already had joined it during this export's year.
            if (_snapshot.Households.ContainsKey(row.HouseholdCode)) fresh.JoinedOn = _changeDate;
            _members.Add(fresh);
            MemberYear(row, fresh.Id, householdId, fresh.Name);
            _batch.MembersAdded++;
            if (fresh.JoinedOn is not null) Preview?.MemberJoining(householdId, fresh.Name);
            if (fresh.JoinedOn is not null)
                Audit("新增", "成员", fresh.Id, householdId, $"按{_file}在户{row.HouseholdCode}新增成员{fresh.Name}", null, AuditJson.Of(fresh));
            return;
        }
        _membersSeen.Add(existing.Id);
        MemberYear(row, existing.Id, householdId, fresh.Name);
        if (_snapshot.LatestMemberYear.GetValueOrDefault(existing.Id) > _year) return;
        if (existing.Fingerprint == Fingerprints.Of(fresh)) return;

        Flush();
        var tracked = _db.Members.Find(existing.Id)!;
        var before = AuditJson.Of(tracked);
        var moved = tracked.HouseholdId != householdId;
        (tracked.HouseholdId, tracked.Name, tracked.RelationToHead, tracked.Sex, tracked.BirthYear) = (householdId, fresh.Name, fresh.RelationToHead, fresh.Sex, fresh.BirthYear);
        (tracked.Ethnicity, tracked.Education, tracked.SchoolStatus, tracked.Health, tracked.Disability) = (fresh.Ethnicity, fresh.Education, fresh.SchoolStatus, fresh.Health, fresh.Disability);
        (tracked.Labour, tracked.WorkStatus, tracked.MonthsWorked) = (fresh.Labour, fresh.WorkStatus, fresh.MonthsWorked);
        if (moved || tracked.LeftOn is not null) (tracked.JoinedOn, tracked.LeftOn) = (moved ? _changeDate : tracked.JoinedOn, null);
        Audit("修改", "成员", tracked.Id, householdId, moved ? $"按{_file}将成员{tracked.Name}迁入户{row.HouseholdCode}" : $"按{_file}更新成员{tracked.Name}", before, AuditJson.Of(tracked));
        _batch.MembersUpdated++;
        if (moved) Preview?.MemberJoining(householdId, tracked.Name);
    }

    /// <summary>
    /// Members of households in the file who are no longer in it have left. A corrected export of a year already on
    /// record also takes them out of that year's facts.
    /// </summary>
    public void Finish()
    {
        // On PostgreSQL a COPY of the last full buffers may still be running on this connection (FlushWhenFull):
        // the lookups below would otherwise meet it ("The connection is already in state 'Copy'").
        Flush();
        foreach (var (memberId, (householdId, _)) in _snapshot.MemberYears)
        {
            if (_membersSeen.Contains(memberId) || !_existingHouseholdsSeen.Contains(householdId)) continue;
            var tracked = _db.MemberYears.Find(memberId, _year)!;
            Audit("删除", "成员年度信息", memberId, householdId, $"{_file}（{_year}年）中已无该成员，从该年家庭人口中移除", AuditJson.Of(tracked), null);
            _db.MemberYears.Remove(tracked);
            FactsChanged++;
        }
        foreach (var (_, m) in _snapshot.Members)
        {
            if (m.Left || _membersSeen.Contains(m.Id) || !_existingHouseholdsSeen.Contains(m.HouseholdId)) continue;
            if (_snapshot.LatestMemberYear.GetValueOrDefault(m.Id) > _year) continue;
            var tracked = _db.Members.Find(m.Id)!;
            var before = AuditJson.Of(tracked);
            tracked.LeftOn = _changeDate;
            Audit("迁出", "成员", tracked.Id, tracked.HouseholdId, $"{_file}中已无成员{tracked.Name}，记为离开", before, AuditJson.Of(tracked));
            _batch.MembersLeft++;
            Preview?.MemberLeaving(tracked.HouseholdId, tracked.Name);
            if (_pending >= SaveEvery) Save();
        }
        Save();
    }

    void Audit(string action, string entity, long? entityId, long householdId, string summary, string? before, string? after)
    {
        _db.AuditEntries.Add(new AuditEntry
        {
            At = _now, Actor = _actor, Action = action, Entity = entity, EntityId = entityId, HouseholdId = householdId,
            Summary = summary, Before = before, After = after, ImportBatchId = _batch.Id,
        });
        _pending++;
    }

    /// <summary>Every row added so far is in the database; call before any other use of the connection.</summary>
    public void Flush() => _bulk.Flush();

    void Save()
    {
        Flush();
        _db.SaveChanges();
        _db.ChangeTracker.Clear();
        _pending = 0;
    }

    public void Dispose() => _bulk.Dispose();
}
