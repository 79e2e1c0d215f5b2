using System.Globalization;
using Qingling.Core.Demo;
using Qingling.Core.Households;

namespace Qingling.Tests.Support;

/// <summary>
/// A register of 12 households (v1) and a newer export of it (v2) where, against v1: two households are new, one
/// household's 帮扶责任人 changed, one member left, one member moved to another household, one household's income changed.
/// </summary>
public sealed class PreviewScenario
{
    public ExportBuilder V1 { get; } = ExportBuilder.FromTown(12, seed: 31);
    public ExportBuilder V2 { get; } = ExportBuilder.FromTown(12, seed: 31);
    public string Leaving { get; }
    public string LeavingFrom { get; }
    public string Moved { get; }
    public string MovedTo { get; }
    public string IncomeChanged { get; }
    public string Updated { get; }
    public IReadOnlyList<string> Added { get; }

    static readonly string[] MemberColumns =
        ["姓名", "证件号码", "与户主关系", "性别", "民族", "出生日期", "文化程度", "在校生状况", "健康状况", "残疾类别", "劳动技能", "务工状况", "务工时间（月）"];

    public PreviewScenario()
    {
        var b = V2;
        var codes = Enumerable.Range(0, b.RowCount).Select(i => b.Get(i, "户编号")).Distinct().ToList();
        var multi = codes.Where(c => b.RowsOf(c).Count() >= 3).ToList();
        if (multi.Count < 3) throw new InvalidOperationException("the seed gives too few households of three or more");

        LeavingFrom = multi[0];
        var last = b.RowsOf(LeavingFrom).Last();
        Leaving = b.Get(last, "姓名");
        b.RemoveRow(last);
        Persons(LeavingFrom);

        var moving = b.RowsOf(multi[1]).Last();
        var template = b.RowsOf(multi[2]).First();
        foreach (var column in b.Headers.Where(h => !MemberColumns.Contains(h))) b.Set(moving, column, b.Get(template, column));
        Moved = b.Get(moving, "姓名");
        MovedTo = multi[2];
        Persons(multi[1]);
        Persons(multi[2]);

        IncomeChanged = codes.First(c => !multi.Take(3).Contains(c));
        var first = b.RowsOf(IncomeChanged).First();
        foreach (var column in new[] { "财产性收入", "纯收入" })
            b.SetHousehold(IncomeChanged, column, Money(decimal.Parse(b.Get(first, column), CultureInfo.InvariantCulture) + 1200m));
        b.SetHousehold(IncomeChanged, "人均纯收入", Money(Math.Round(decimal.Parse(b.Get(first, "纯收入"), CultureInfo.InvariantCulture) / b.RowsOf(IncomeChanged).Count(), 2, MidpointRounding.AwayFromZero)));

        Updated = codes.First(c => !multi.Take(3).Contains(c) && c != IncomeChanged);
        b.SetHousehold(Updated, "帮扶责任人", "新责任人");

        var generator = new TownGenerator(TownProfile.Mengyong, 31, 2022);
        var village = generator.Villages(12)[0];
        var added = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var h = generator.Make(9 * (30_000 + i), 2_000_000 + 10 * i, village, 0, generator.RandomFor(9 * (30_000 + i)), HouseholdType.Ordinary, 3, labour: true, 15_000m);
            b.Add(h);
            added.Add(h.Code);
        }
        Added = added;
    }

    void Persons(string code) => V2.SetHousehold(code, "家庭人口数", V2.RowsOf(code).Count().ToString(CultureInfo.InvariantCulture));

    static string Money(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
}
