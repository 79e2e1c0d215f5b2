using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Targets;

namespace Qingling.Tests.Demo;

public class GeneratorTests
{
    [Fact]
    public void Same_seed_same_town_other_seed_other_town()
    {
        static string Fingerprint(int seed) => string.Join("|", new TownGenerator(TownProfile.Mengyong, seed, 2022).Generate(30)
            .SelectMany(h => h.Members.Select(m => $"{h.Code},{m.Name},{m.IdNumber},{h.NetIncome}")));
        Assert.Equal(Fingerprint(4), Fingerprint(4));
        Assert.NotEqual(Fingerprint(4), Fingerprint(5));
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_as_xlsx_and_csv()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-gen-").FullName;
        try
        {
            byte[] Write(string name)
            {
                var path = Path.Combine(folder, name);
                Qingling.Data.Export.ExportFileWriter.Write(path, new TownGenerator(TownProfile.Mengyong, 3, 2022).Generate(20));
                return File.ReadAllBytes(path);
            }
            // Without normalising, the workbook's random relationship id alone made two runs differ (and the entry times, a second later).
            Assert.Equal(Write("a.xlsx"), Write("b.xlsx"));
            using (var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(folder, "a.xlsx")))
                Assert.All(zip.Entries, e => Assert.Equal(2000, e.LastWriteTime.Year));
            Assert.Equal(Write("a.csv"), Write("b.csv"));
            // Still a workbook our own reader and Excel open.
            var store = Qingling.Data.Database.Store.Open(Qingling.Data.Database.DatabaseOptions.SqliteFile(Path.Combine(folder, "t.db")), Path.Combine(folder, "t.key"));
            Assert.Equal(Qingling.Data.Import.ImportOutcome.Imported, new Qingling.Data.Import.ImportHandler(store).Run(Path.Combine(folder, "a.xlsx"), new Qingling.Data.Import.ImportOptions(2022)).Outcome);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void IDs_are_valid_unique_and_can_never_be_a_real_persons()
    {
        var ids = new TownGenerator(TownProfile.Mengyong, 1, 2022).Generate(3_000).SelectMany(h => h.Members).ToList();
        Assert.All(ids, m =>
        {
            Assert.StartsWith("99", m.IdNumber);
            Assert.True(IdNumber.TryValidate(m.IdNumber, out _, out var problem), problem);
            Assert.Equal(m.Sex, IdNumber.SexOf(m.IdNumber));
            Assert.Equal(m.BirthDate, IdNumber.BirthDate(m.IdNumber));
        });
        Assert.Equal(ids.Count, ids.Select(m => m.IdNumber).Distinct().Count());
    }

    [Fact]
    public void Children_have_no_labour_and_every_household_one_head()
    {
        foreach (var h in new TownGenerator(TownProfile.Mengyong, 2, 2022).Generate(500))
        {
            Assert.Equal(1, h.Members.Count(m => m.Relation == "户主"));
            Assert.All(h.Members.Where(m => m.BirthDate > new DateOnly(2022 - 16, 12, 31)), m => Assert.Equal(LabourCapacity.None, m.Labour));
            Assert.All(h.Income, l => Assert.True(l.Amount > 0));
        }
    }

    [Fact]
    public void Demo_town_has_exactly_11_target_households_with_52_people_in_2022()
    {
        var town = DemoTown.Build();
        var years = town.Select((h, i) => new HouseholdYear(i, h.Code, h.Village, h.Type, h.Monitoring,
            h.Members.Select((m, i) => new MemberWork(i, m.Labour, false)).ToList(),
            HouseholdIncome.FromEntries(2022, h.Members.Count, h.Income.Select(l => new IncomeEntry { Year = 2022, Category = l.Category, Amount = l.Amount }))));
        var targets = TargetSelector.Select(years.ToList(), new TargetRule());
        Assert.Equal(11, targets.Count);
        Assert.Equal(52, targets.Sum(t => t.Persons));
        Assert.Equal(TownProfile.Mengyong.Villages.Count, town.Select(h => h.Village).Distinct().Count());
        Assert.Equal(1_200, town.Count);
    }
}
