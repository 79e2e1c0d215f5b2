using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Data.Database;
using Qingling.Data.Export;
using Qingling.Data.Import;
using Qingling.Data.Queries;
using Qingling.Tests.Support;

namespace Qingling.Tests.Import;

/// <summary>
/// Every import path at once on a register that already holds data: new households, changed households and
/// income, a member moved between households, members who left, in CSV and in XLSX.
/// </summary>
public class FilledDatabaseImportTests
{
    public static TheoryData<string, string> ProvidersAndFormats
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var p in TestDatabase.Providers) { data.Add(p.Data, "csv"); data.Add(p.Data, "xlsx"); }
            return data;
        }
    }

    static readonly string[] MemberColumns =
        ["姓名", "证件号码", "与户主关系", "性别", "民族", "出生日期", "文化程度", "在校生状况", "健康状况", "残疾类别", "劳动技能", "务工状况", "务工时间（月）"];

    static readonly string[] IncomeColumns =
        ["工资性收入", "务工收入", "公益性岗位收入", "生产经营性收入", "种植业收入", "养殖业收入", "财产性收入", "资产收益扶贫分红收入", "土地流转收入",
         "转移性收入", "养老金或离退休金", "生态补偿金", "生产经营性支出", "纯收入", "人均纯收入"];

    static ImportResult Import(TestDatabase db, string path) => new ImportHandler(db.Store).Run(path, new ImportOptions(2022, null, "测试"));

    /// <summary>The last member of household <paramref name="from"/> moves to <paramref name="to"/>: its household cells become the latter's. Their name.</summary>
    static string MoveLastMember(ExportBuilder b, string from, string to)
    {
        var moving = b.RowsOf(from).Last();
        var template = b.RowsOf(to).First();
        foreach (var column in b.Headers.Where(h => !MemberColumns.Contains(h))) b.Set(moving, column, b.Get(template, column));
        return b.Get(moving, "姓名");
    }

    static string Write(ExportBuilder b, TestDatabase db, string name, string format) =>
        format == "csv" ? b.WriteCsv(Path.Combine(db.Folder, name + ".csv")) : b.WriteXlsx(Path.Combine(db.Folder, name + ".xlsx"));

    /// <summary>
    /// The second export: three households lose a member, one member moves to another household, one household's
    /// income changes, and then exactly <see cref="BulkWriter.FlushAt"/> new members (with no income lines, so the
    /// member buffer is the one that fills) end the file. On PostgreSQL the last row starts a background COPY, which
    /// is still running when the members who left are looked up: the crash of issue 9, finding 4.
    /// </summary>
    static (ExportBuilder File, string Moved, string MovedTo, string[] Leaving, string IncomeChanged) SecondExport(int existing)
    {
        var b = ExportBuilder.FromTown(existing, seed: 31);
        var codes = Enumerable.Range(0, b.RowCount).Select(i => b.Get(i, "户编号")).Distinct().ToList();
        var multi = codes.Where(c => b.RowsOf(c).Count() >= 3).ToList();
        Assert.True(multi.Count >= 5, "the seed gives enough households of three or more");

        var leaving = new List<string>();
        foreach (var code in multi.Take(3))
        {
            var last = b.RowsOf(code).Last();
            leaving.Add(b.Get(last, "姓名"));
            b.RemoveRow(last);
            b.SetHousehold(code, "家庭人口数", b.RowsOf(code).Count().ToString(CultureInfo.InvariantCulture));
        }

        // A member of the fourth household moves to the fifth.
        var from = multi[3];
        var to = multi[4];
        var moved = MoveLastMember(b, from, to);
        b.SetHousehold(from, "家庭人口数", b.RowsOf(from).Count().ToString(CultureInfo.InvariantCulture));
        b.SetHousehold(to, "家庭人口数", b.RowsOf(to).Count().ToString(CultureInfo.InvariantCulture));

        var incomeCode = codes.First(c => !multi.Take(5).Contains(c));
        var first = b.RowsOf(incomeCode).First();
        foreach (var column in new[] { "财产性收入", "纯收入" })
            b.SetHousehold(incomeCode, column, (decimal.Parse(b.Get(first, column), CultureInfo.InvariantCulture) + 1200m).ToString("0.00", CultureInfo.InvariantCulture));
        b.SetHousehold(incomeCode, "人均纯收入", Math.Round(decimal.Parse(b.Get(first, "纯收入"), CultureInfo.InvariantCulture) / b.RowsOf(incomeCode).Count(), 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture));

        // New households in the first household's village and group (no region is created mid-file), 4 members each.
        var generator = new TownGenerator(TownProfile.Mengyong, 31, 2022);
        var village = generator.Villages(existing)[0];
        var newMembers = 0;
        for (var i = 0; newMembers < BulkWriter.FlushAt; i++)
        {
            var index = 9 * (20_000 + i); // index % 9 == 0: group 1组, as household 0
            var h = generator.Make(index, 1_000_000 + newMembers, village, 0, generator.RandomFor(index), HouseholdType.Ordinary, 4, labour: true, 15_000m);
            var start = b.RowCount;
            b.Add(h);
            for (var r = start; r < b.RowCount; r++)
                foreach (var column in IncomeColumns) b.Set(r, column, "0.00");
            newMembers += h.Members.Count;
        }
        Assert.Equal(BulkWriter.FlushAt, newMembers);
        return (b, moved, to, leaving.ToArray(), incomeCode);
    }

    [Theory, MemberData(nameof(ProvidersAndFormats))]
    public void New_changed_moved_and_left_members_in_one_file_on_a_filled_register(string provider, string format)
    {
        using var db = new TestDatabase(provider);
        Assert.Equal(ImportOutcome.Imported, Import(db, Write(ExportBuilder.FromTown(40, seed: 31), db, "v1", format)).Outcome);
        int householdsBefore, membersBefore;
        using (var c = db.Store.CreateContext()) (householdsBefore, membersBefore) = (c.Households.Count(), c.Members.Count());

        var (file, moved, movedTo, leaving, incomeChanged) = SecondExport(40);
        var result = Import(db, Write(file, db, "v2", format));

        Assert.True(result.Outcome == ImportOutcome.Imported, string.Join("\n", result.Problems.Kept));
        var batch = result.Batch!;
        Assert.Equal((BulkWriter.FlushAt / 4, BulkWriter.FlushAt, 3, 1, 1),
            (batch.HouseholdsAdded, batch.MembersAdded, batch.MembersLeft, batch.MembersUpdated, batch.IncomeHouseholdsChanged));

        // Left, moved and new members and a changed income, COPY buffers flushed mid-file: PostgreSQL's kept sums follow.
        KeptSumsCheck.AssertNone(db.Store);
        using var db2 = db.Store.CreateContext();
        Assert.Equal(householdsBefore + BulkWriter.FlushAt / 4, db2.Households.Count());
        Assert.Equal(membersBefore + BulkWriter.FlushAt, db2.Members.Count());
        Assert.Equal(leaving.Order(), db2.Members.AsNoTracking().Where(m => m.LeftOn != null).Select(m => m.Name).AsEnumerable().Order());
        var movedMember = db2.Members.AsNoTracking().Single(m => m.Name == moved && m.LeftOn == null && m.JoinedOn != null);
        Assert.Equal(movedTo, db2.Households.AsNoTracking().Single(h => h.Id == movedMember.HouseholdId).Code);
        var income = IncomeQuery.ForYear(db2, 2022).Single(r => r.Household.HouseholdCode == incomeChanged).Household.Income;
        var row = file.RowsOf(incomeChanged).First();
        Assert.Equal(decimal.Parse(file.Get(row, "纯收入"), CultureInfo.InvariantCulture), income.NetIncome);
        Assert.Contains(db2.AuditEntries.AsNoTracking().Where(a => a.ImportBatchId == batch.Id), a => a.Action == "迁出");
    }

    /// <summary>
    /// A file that covers a small part of the register (one town's export into a county's, one county's into a province's):
    /// the import reads only what the file's households and members need (<see cref="RegisterReading.Whole"/> says no). A
    /// member who moved in from a household the file does not list is found by their ID number and moved, not added a
    /// second time; the households outside the file keep their members and their year's facts.
    /// </summary>
    [Theory, MemberData(nameof(ProvidersAndFormats))]
    public void A_file_of_part_of_the_register_moves_a_member_in_from_a_household_it_does_not_list(string provider, string format)
    {
        using var db = new TestDatabase(provider);
        Assert.Equal(ImportOutcome.Imported, Import(db, Write(ExportBuilder.FromTown(200, seed: 31), db, "v1", format)).Outcome);
        int householdsBefore, membersBefore, factsBefore;
        using (var c = db.Store.CreateContext()) (householdsBefore, membersBefore, factsBefore) = (c.Households.Count(), c.Members.Count(), c.MemberYears.Count(f => f.Year == 2022));

        var b = ExportBuilder.FromTown(200, seed: 31);
        var codes = Enumerable.Range(0, b.RowCount).Select(i => b.Get(i, "户编号")).Distinct().ToList();
        var kept = codes.TakeLast(5).ToList();
        var from = codes.First(c => b.RowsOf(c).Count() >= 3);
        var to = kept[0];
        var moved = MoveLastMember(b, from, to);
        b.SetHousehold(to, "家庭人口数", b.RowsOf(to).Count().ToString(CultureInfo.InvariantCulture));
        for (var r = b.RowCount - 1; r >= 0; r--)
            if (!kept.Contains(b.Get(r, "户编号"))) b.RemoveRow(r);
        Assert.Equal(kept.Count, Enumerable.Range(0, b.RowCount).Select(i => b.Get(i, "户编号")).Distinct().Count());

        var path = Write(b, db, "part", format);
        Assert.False(RegisterReading.Whole(new FileInfo(path).Length, householdsBefore), "the file is small enough to be read by village");
        var result = Import(db, path);
        Assert.True(result.Outcome == ImportOutcome.Imported, string.Join("\n", result.Problems.Kept));
        var batch = result.Batch!;
        Assert.Equal((0, 0, 0, 1), (batch.HouseholdsAdded, batch.MembersAdded, batch.MembersLeft, batch.MembersUpdated));

        using var db2 = db.Store.CreateContext();
        Assert.Equal(membersBefore, db2.Members.Count());
        Assert.Equal(factsBefore, db2.MemberYears.Count(f => f.Year == 2022));
        Assert.Empty(db2.Members.AsNoTracking().Where(m => m.LeftOn != null));
        var member = db2.Members.AsNoTracking().Single(m => m.Name == moved && m.JoinedOn != null);
        var toId = db2.Households.AsNoTracking().Single(h => h.Code == to).Id;
        Assert.Equal(toId, member.HouseholdId);
        Assert.Equal(toId, db2.MemberYears.AsNoTracking().Single(f => f.MemberId == member.Id && f.Year == 2022).HouseholdId);
        var fromId = db2.Households.AsNoTracking().Single(h => h.Code == from).Id;
        Assert.Equal(b.RowsOf(to).Count(), db2.MemberYears.Count(f => f.HouseholdId == toId && f.Year == 2022));
        Assert.True(db2.Members.Count(m => m.HouseholdId == fromId) >= 2, "the household the member left keeps its other members");
    }

    /// <summary>
    /// A new county (new city, county, town and villages) into a register many times its size is read by village. The
    /// villages it creates come back from the region resolver in its next chunks of 1,000 rows; a new household whose
    /// members straddle two chunks must stay new, its later members not "joining" a household the register held.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public void A_new_county_read_by_village_adds_its_households_whole_even_across_chunks(string provider)
    {
        using var db = new TestDatabase(provider);
        Assert.Equal(ImportOutcome.Imported, Import(db, Write(ExportBuilder.FromTown(4_000, seed: 31), db, "town", "csv")).Outcome);
        // The first seed whose county has a household with members on both sides of row 1,000 (a chunk's end).
        static (List<GeneratedHousehold> County, int Rows, bool Straddles) Made(int seed)
        {
            var county = new RegionGenerator(seed, 2022, 2, 1).Generate(300).ToList();
            var (rows, straddles) = (0, false);
            foreach (var h in county)
            {
                straddles |= rows / 1_000 != (rows + h.Members.Count - 1) / 1_000;
                rows += h.Members.Count;
            }
            return (county, rows, straddles);
        }
        var (county, rows, _) = Enumerable.Range(1, 50).Select(Made).First(m => m.Straddles);
        var path = Path.Combine(db.Folder, "county.csv");
        ExportFileWriter.Write(path, county);
        int householdsBefore;
        using (var c = db.Store.CreateContext()) householdsBefore = c.Households.Count();
        Assert.False(RegisterReading.Whole(new FileInfo(path).Length, householdsBefore), "the file is small enough to be read by village");

        var result = Import(db, path);
        Assert.True(result.Outcome == ImportOutcome.Imported, string.Join("\n", result.Problems.Kept));
        var batch = result.Batch!;
        Assert.Equal((300, rows, 0, 0), (batch.HouseholdsAdded, batch.MembersAdded, batch.MembersUpdated, batch.MembersLeft));
        using var db2 = db.Store.CreateContext();
        Assert.Equal(0, db2.Members.Count(m => m.JoinedOn != null));
        Assert.DoesNotContain(db2.AuditEntries.AsNoTracking().Where(a => a.ImportBatchId == batch.Id).AsEnumerable(), a => a.Entity == "成员" && a.Action == "新增");
    }

    public static TheoryData<string> Providers => TestDatabase.Providers;
}
