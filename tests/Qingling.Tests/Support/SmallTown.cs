using Qingling.Core.Households;
using Qingling.Core.Measures;
using Qingling.Data.Import;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Tests.Plans;

namespace Qingling.Tests.Support;

/// <summary>
/// A small Mengyong town in 2022 with the sample plan loaded: two target 脱贫户 (4 people at 8,000, 3 at 9,000), a 一般农户
/// at 24,393 per person and a 脱贫户 above the line at 15,000.
/// </summary>
public sealed class SmallTown : IDisposable
{
    public TestDatabase Db { get; }
    public ExportBuilder Export { get; }
    public string Target1 { get; }
    public string Target2 { get; }
    public string Ordinary { get; }
    public string Above { get; }
    public Core.Plans.PlanDefinition Plan { get; }

    public SmallTown(string provider, Action<ExportBuilder>? edit = null)
    {
        Db = new TestDatabase(provider);
        Export = new ExportBuilder()
            .Add(ExportBuilder.Household(1, HouseholdType.ExitedPoverty, 4, labour: true, 8_000m))
            .Add(ExportBuilder.Household(2, HouseholdType.ExitedPoverty, 3, labour: true, 9_000m))
            .Add(ExportBuilder.Household(3, HouseholdType.Ordinary, 3, labour: true, 24_393m))
            .Add(ExportBuilder.Household(4, HouseholdType.ExitedPoverty, 3, labour: true, 15_000m));
        var codes = Enumerable.Range(0, Export.RowCount).Select(r => Export.Get(r, "户编号")).Distinct().ToList();
        (Target1, Target2, Ordinary, Above) = (codes[0], codes[1], codes[2], codes[3]);
        edit?.Invoke(Export);
        var result = new ImportHandler(Db.Store).Run(Export.WriteCsv(Path.Combine(Db.Folder, "t.csv")), new ImportOptions(2022));
        if (result.Outcome != ImportOutcome.Imported) throw new InvalidOperationException(string.Join("；", result.Problems.Kept));
        Plan = new PlanHandler(Db.Store, "测试").Load(PlanTests.SamplePath).Plan;
    }

    public MeasureHandler Measures => new(Db.Store, Plan, "测试");

    /// <summary>A member of the household with ordinary or skilled labour.</summary>
    public string Worker(string household) =>
        Export.Get(Export.RowsOf(household).First(r => Export.Get(r, "劳动技能") is "普通劳动力" or "技能劳动力"), "姓名");

    public static MeasureInput Measure(string household, string channel, string department, string? member = null, string status = "under-way", MeasureDetails? details = null) => new()
    {
        Household = household, Channel = channel, Kind = channel, Description = $"{Channels.Name(channel)}措施", Department = department, Member = member,
        Start = new(2023, 3, 1), End = new(2023, 12, 31), Status = status, StatusOn = new(2023, 3, 1), ConsentOn = new(2023, 2, 20), ConsentHow = "户主签字",
        Details = details ?? new(),
    };

    public void Dispose() => Db.Dispose();
}
