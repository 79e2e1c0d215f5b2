using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Measures;
using Qingling.Data.Import;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Support;
using Qingling.Tests.Web;

namespace Qingling.Tests.Security;

/// <summary>
/// Nothing a user without the unmask permission sees, and nothing the database keeps in clear, completes an ID number:
/// the mask, the birth year and the sex together still fit thousands of numbers. Files are created 0600.
/// </summary>
public class IdNumberExposureTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>How many valid ID numbers fit a mask (its visible characters), a sex and a birth year or exact date.</summary>
    static int Candidates(string mask, Sex sex, int year, DateOnly? exact = null)
    {
        Assert.Equal(18, mask.Length);
        var count = 0;
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            if (exact is { } e && day != e) continue;
            for (var sequence = sex == Sex.Male ? 1 : 0; sequence < 1000; sequence += 2)
            {
                var id = IdNumber.Create(mask[..6], day, sequence);
                var fits = true;
                for (var i = 0; i < 18 && fits; i++) fits = mask[i] == '*' || mask[i] == id[i];
                if (fits) count++;
            }
        }
        return count;
    }

    static IEnumerable<string> DateForms(DateOnly d) =>
        [d.ToString("yyyy-MM-dd"), d.ToString("yyyyMMdd"), d.ToString("yyyy/MM/dd"), $"{d.Year}年{d.Month}月{d.Day}日", d.ToString("yyyy.M.d")];

    [Theory, MemberData(nameof(Providers))]
    public async Task Pages_and_API_show_the_birth_year_only_and_the_mask_leaves_thousands_of_numbers(string provider)
    {
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        var household = c.Households.AsNoTracking().OrderBy(h => h.Id).First();
        var ids = c.Members.AsNoTracking().Where(m => m.HouseholdId == household.Id).ToList()
            .ToDictionary(m => m.Id, m => db.Store.Protector.Decrypt(m.IdCipher));
        var client = await web.Client(provider, "leader"); // reads everything, may not unmask

        var json = await client.GetStringAsync($"/api/households/{household.Code}");
        var page = await client.GetStringAsync($"/Households/{household.Code}");
        var card = await client.GetStringAsync($"/Households/{household.Code}/Card");
        using var doc = JsonDocument.Parse(json);
        foreach (var member in doc.RootElement.GetProperty("members").EnumerateArray())
        {
            var id = ids[member.GetProperty("id").GetInt64()];
            var birth = IdNumber.BirthDate(id)!.Value;
            foreach (var shown in new[] { json, page, card })
            {
                Assert.DoesNotContain(id, shown);
                foreach (var form in DateForms(birth)) Assert.DoesNotContain(form, shown);
            }
            var mask = member.GetProperty("idNumber").GetString()!;
            var sex = member.GetProperty("sex").GetString() == "男" ? Sex.Male : Sex.Female;
            DateOnly? exact = member.TryGetProperty("birthDate", out var d) ? DateOnly.Parse(d.GetString()!) : null;
            var year = member.TryGetProperty("birthYear", out var y) ? y.GetInt32() : exact!.Value.Year;
            Assert.True(Candidates(mask, sex, year, exact) >= 1000, $"{mask}, {sex}, {year}: too few numbers fit what the API shows");
            Assert.Contains(mask, page);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_database_keeps_no_birth_date_in_clear_beside_the_mask_nor_in_the_trace(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(3);
        new ImportHandler(db.Store).Run(b.WriteCsv(Path.Combine(db.Folder, "2022.csv")), new ImportOptions(2022));
        // A second year's file that changes a member and adds one, so the trace holds members before and after.
        var householdCode = b.Get(0, "户编号");
        b.Set(0, "文化程度", b.Get(0, "文化程度") == "初中" ? "高中" : "初中");
        b.CopyRow(1).Set(b.RowCount - 1, "姓名", "新成员").Set(b.RowCount - 1, "证件号码", IdNumber.Create(b.Get(1, "证件号码")[..6], new DateOnly(2023, 5, 6), 123))
            .Set(b.RowCount - 1, "出生日期", "2023-05-06").Set(b.RowCount - 1, "性别", "男").Set(b.RowCount - 1, "与户主关系", "之子").Set(b.RowCount - 1, "劳动技能", "无劳动力");
        var grown = b.Get(1, "户编号");
        b.SetHousehold(grown, "家庭人口数", b.RowsOf(grown).Count().ToString());
        var second = new ImportHandler(db.Store).Run(b.WriteCsv(Path.Combine(db.Folder, "2023.csv")), new ImportOptions(2023));
        Assert.Equal(ImportOutcome.Imported, second.Outcome);

        using var c = db.Store.CreateContext();
        var connection = c.Database.GetDbConnection();
        c.Database.OpenConnection();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT * FROM members";
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            Assert.DoesNotContain(columns, n => n.Contains("birth_date") || n.Contains("birthday"));
            var (masked, year, sex, cipher) = (reader.GetOrdinal("id_masked"), reader.GetOrdinal("birth_year"), reader.GetOrdinal("sex"), reader.GetOrdinal("id_cipher"));
            var seen = 0;
            while (reader.Read())
            {
                var id = db.Store.Protector.Decrypt((byte[])reader.GetValue(cipher));
                Assert.Equal(IdNumber.BirthDate(id)!.Value.Year, reader.GetInt32(year));
                if (seen++ < 3)
                    Assert.True(Candidates(reader.GetString(masked), (Sex)reader.GetInt32(sex), reader.GetInt32(year)) >= 1000);
            }
            Assert.True(seen > 3);
        }
        var births = c.Members.AsNoTracking().Select(m => m.IdCipher).ToList().Select(x => IdNumber.BirthDate(db.Store.Protector.Decrypt(x))!.Value).ToList();
        var trace = c.AuditEntries.AsNoTracking().Where(a => a.Entity == "成员").ToList();
        Assert.Contains(trace, a => a.Summary.Contains("新成员"));
        Assert.Contains(trace, a => a.Action == "修改");
        foreach (var text in trace.SelectMany(a => new[] { a.Before, a.After }).OfType<string>())
            foreach (var birth in births) Assert.DoesNotContain(birth.ToString("yyyy-MM-dd"), text);
        Assert.NotNull(householdCode);
    }

    [Fact]
    public void The_database_and_key_files_are_readable_by_their_owner_only()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        using var db = new TestDatabase(TestDatabase.Sqlite);
        new ImportHandler(db.Store).Run(ExportBuilder.FromTown(2).WriteCsv(Path.Combine(db.Folder, "t.csv")), new ImportOptions(2022));
        var files = Directory.GetFiles(db.Folder, "test.db*").Append(db.KeyFile).ToList();
        Assert.Contains(files, f => f.EndsWith("test.db"));
        if (OperatingSystem.IsWindows()) return;
        foreach (var file in files)
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_borrower_age_rule_still_uses_the_exact_birth_date(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(2);
        // Two heads of household: one turns 66 the day after the loan starts (still 65: allowed), one on that day (66: refused).
        var start = new DateOnly(2023, 3, 1);
        var heads = Enumerable.Range(0, b.RowCount).Where(r => b.Get(r, "与户主关系") == "户主").Take(2).ToList();
        foreach (var (row, birth) in new[] { (heads[0], start.AddYears(-66).AddDays(1)), (heads[1], start.AddYears(-66)) })
        {
            var old = b.Get(row, "证件号码");
            var id = IdNumber.Create(old[..6], birth, int.Parse(old[14..17]));
            b.Set(row, "证件号码", id).Set(row, "出生日期", birth.ToString("yyyy-MM-dd"));
        }
        Assert.Equal(ImportOutcome.Imported, new ImportHandler(db.Store).Run(b.WriteCsv(Path.Combine(db.Folder, "t.csv")), new ImportOptions(2022)).Outcome);
        new PlanHandler(db.Store, "测试").Load(Plans.PlanTests.SamplePath);
        var handler = new MeasureHandler(db.Store, new PlanHandler(db.Store, "测试").Get(null), "测试");
        MeasureInput Loan(int row) => new()
        {
            Household = b.Get(row, "户编号"), Channel = Channels.Finance, Kind = Channels.Finance, Description = "小额信贷", Department = "勐永信用社",
            Member = b.Get(row, "姓名"), Start = start, End = new(2023, 12, 31), Status = "under-way", StatusOn = start, ConsentOn = new(2023, 2, 20), ConsentHow = "户主签字",
            Details = new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = 30_000m, TermMonths = 36, Purpose = "生产经营" },
        };
        handler.Add(Loan(heads[0]));
        var refused = Assert.Throws<MeasureRejectedException>(() => handler.Add(Loan(heads[1])));
        Assert.Contains(refused.Problems, p => p.Contains("66岁") && p.Contains("18至65周岁"));
    }
}
