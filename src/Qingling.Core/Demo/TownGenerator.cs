using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Demo;

/// <summary>
/// Makes up a town's households, deterministically from a seed: the same seed gives the same town,
/// byte for byte, from a handful of households to millions of members (it streams).
/// </summary>
public sealed class TownGenerator(TownProfile profile, int seed, int year)
{
    static readonly string[] Surnames = ["岩", "玉", "李", "杨", "赵", "陈", "罕", "俸", "字", "鲍", "张", "王", "刘", "田", "段", "罗", "尹", "杜", "周", "何", "石", "肖", "金", "叶"];
    static readonly string[] Given = ["明", "香", "应", "保", "叶", "光", "丽", "华", "东", "娜", "发", "勇", "兰", "永", "芳", "新", "德", "秀", "红", "林", "荣", "强", "英", "海", "梅", "文", "国", "春", "玲", "军"];
    static readonly string[] Ethnicities = ["傣族", "佤族", "汉族", "拉祜族", "彝族", "布朗族"];
    static readonly string[] WorkPlaces = ["省外务工", "省内县外务工", "县内务工", "乡镇内务工"];
    static readonly string[] Educations = ["小学", "初中", "高中", "大专及以上", "文盲或半文盲"];

    public TownProfile Profile => profile;
    public int Year => year;

    /// <summary>Members numbered by one address code and sequence before the numbering wraps (10,000 codes × 500 per sex).</summary>
    public const int MembersPerIdWrap = 5_000_000;
    /// <summary>How many times the numbering may wrap when <see cref="WrapIds"/> is set.</summary>
    public const int IdWraps = 5;
    /// <summary>The first members of each numbering a wrapped export leaves out: the demo's and single towns' numbers.</summary>
    public const int ReservedPerIdWrap = 1_000_000;

    /// <summary>
    /// Where the next household's members are numbered from. Unwrapped, right after the last. Wrapped, each numbering
    /// leaves out its first <see cref="ReservedPerIdWrap"/> (the demo's and single towns' members: their birth dates are
    /// not moved, so a wrapped member there could meet one of theirs) and no household straddles two numberings.
    /// </summary>
    public static int NextMember(int member, bool wrapped)
    {
        if (!wrapped) return member;
        var within = member % MembersPerIdWrap;
        if (within + 7 > MembersPerIdWrap) return member - within + MembersPerIdWrap + ReservedPerIdWrap;
        return within < ReservedPerIdWrap ? member - within + ReservedPerIdWrap : member;
    }

    /// <summary>
    /// For more members than one address code and sequence can number (a province): each member's birth date is moved up
    /// to four days earlier so that its day number, modulo <see cref="IdWraps"/>, tells which wrap of the numbering it belongs to.
    /// Two members with the same address code and sequence then differ in their birth date, so in their ID number. Off
    /// (the default), every town and region is written byte for byte as before.
    /// </summary>
    public bool WrapIds { get; init; }

    /// <summary>Villages used for <paramref name="households"/>: the profile's, then numbered ones for big towns.</summary>
    public IReadOnlyList<string> Villages(int households)
    {
        var count = Math.Max(profile.Villages.Count, households / 400);
        return Enumerable.Range(0, count)
            .Select(i => i < profile.Villages.Count ? profile.Villages[i] : $"{profile.Villages[i % profile.Villages.Count]}{i / profile.Villages.Count + 1}")
            .ToList();
    }

    /// <summary>A town of <paramref name="households"/> households with a natural spread of incomes.</summary>
    public IEnumerable<GeneratedHousehold> Generate(int households) => Generate(households, 0, 0);

    /// <summary>
    /// The same, numbered from <paramref name="firstIndex"/> and <paramref name="firstMember"/>: one town of several
    /// in one export, so household codes, ID numbers and random streams never repeat across the towns.
    /// </summary>
    public IEnumerable<GeneratedHousehold> Generate(int households, int firstIndex, int firstMember)
    {
        var villages = Villages(households);
        var memberIndex = firstMember;
        for (var local = 0; local < households; local++)
        {
            var i = firstIndex + local;
            var rng = RandomFor(i);
            var type = rng.NextDouble() < 0.35 ? HouseholdType.ExitedPoverty : HouseholdType.Ordinary;
            var size = SampleSize(rng);
            var median = type == HouseholdType.ExitedPoverty ? 14_000.0 : 18_000.0;
            var perCapita = (decimal)Math.Round(median * Math.Exp(0.35 * Normal(rng)), 2, MidpointRounding.AwayFromZero);
            memberIndex = NextMember(memberIndex, WrapIds);
            var h = Make(i, memberIndex, villages[local % villages.Count], local % villages.Count, rng, type, size, labour: null, perCapita);
            memberIndex += h.Members.Count;
            yield return h;
        }
    }

    /// <summary>A household's own random stream: depends only on the seed and its index, never on the process.</summary>
    public Random RandomFor(int index)
    {
        var x = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)index);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return new Random((int)((x ^ (x >> 31)) & int.MaxValue));
    }

    static int SampleSize(Random rng) => rng.NextDouble() switch
    {
        < 0.10 => 1, < 0.25 => 2, < 0.45 => 3, < 0.70 => 4, < 0.87 => 5, < 0.96 => 6, _ => 7,
    };

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>
    /// One household. <paramref name="labour"/>: true forces a member with ordinary or skilled labour,
    /// false forces none (only weak, lost or no labour), null leaves it to chance.
    /// <paramref name="firstMember"/> numbers members across the town so ID numbers never repeat.
    /// </summary>
    public GeneratedHousehold Make(int index, int firstMember, string village, int villageIndex, Random rng,
        HouseholdType type, int size, bool? labour, decimal perCapita, MonitoringCategory? monitoring = null)
    {
        var members = new List<GeneratedMember>(size);
        var headAge = labour == false ? rng.Next(66, 86) : rng.Next(28, 62);
        var headMale = rng.NextDouble() < 0.75;
        var surname = Surnames[rng.Next(Surnames.Length)];
        var ethnicity = Ethnicities[rng.Next(Ethnicities.Length)];
        for (var m = 0; m < size; m++)
        {
            var (relation, age, male) = m switch
            {
                0 => ("户主", headAge, headMale),
                1 => (headMale ? "妻" : "夫", Math.Clamp(headAge + rng.Next(-5, 4), 18, 95), !headMale),
                _ when labour == false => ("兄弟姐妹", Math.Clamp(headAge + rng.Next(-8, 8), 60, 95), rng.NextDouble() < 0.5),
                _ when m == size - 1 && size >= 5 => (rng.NextDouble() < 0.5 ? "父亲" : "母亲", headAge + rng.Next(22, 30), rng.NextDouble() < 0.5),
                _ => (rng.NextDouble() < 0.5 ? "之子" : "之女", Math.Max(0, headAge - rng.Next(20, 32)), rng.NextDouble() < 0.5),
            };
            if (relation is "之子" or "父亲") male = true;
            if (relation is "之女" or "母亲") male = false;
            members.Add(MakeMember(firstMember + m, rng, surname, relation, age, male, ethnicity, labour == false));
        }
        if (labour == true && !members.Any(x => x.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled))
            members[0] = members[0] with { Labour = LabourCapacity.Ordinary, Health = "健康", Disability = "" };

        var code = $"99{villageIndex % 100:00}{index:00000000}";
        var risks = perCapita < 10_000 ? new[] { "因病", "因学", "因残", "缺劳动力", "因务工就业不稳", "因产业失败" }[rng.Next(6)] : "";
        var exitYear = type == HouseholdType.ExitedPoverty ? 2014 + rng.Next(6) : (int?)null;
        return new GeneratedHousehold(
            code, profile.Province, profile.City, profile.County, profile.Town, village,
            profile.TownCode is { } town ? $"{profile.CountyCode}{town}{villageIndex + 1:000}" : $"{profile.CountyCode}{101 + villageIndex % 99:000}{villageIndex:000}",
            $"{(index % 9) + 1}组",
            type, monitoring, exitYear, risks, $"1{rng.Next(3, 10)}{rng.Next(0, 1_000_000_000):000000000}",
            profile.Units[villageIndex % profile.Units.Count], $"{village}驻村工作队", $"{Surnames[rng.Next(Surnames.Length)]}{Given[rng.Next(Given.Length)]}{Given[rng.Next(Given.Length)]}",
            year, members, SplitIncome(rng, perCapita * size, labour != false));
    }

    GeneratedMember MakeMember(int memberIndex, Random rng, string surname, string relation, int age, bool male, string ethnicity, bool noLabour)
    {
        var birth = new DateOnly(year - age, 1, 1).AddDays(rng.Next(0, 365));
        if (WrapIds)
        {
            var wrap = memberIndex / MembersPerIdWrap;
            if (wrap >= IdWraps) throw new InvalidOperationException($"合成证件号码最多编到{IdWraps * MembersPerIdWrap}人");
            // Earlier, never later: no one is born after the export's year (a birth in the first days of January moves
            // to the year before).
            birth = birth.AddDays(-(((birth.DayNumber - wrap) % IdWraps + IdWraps) % IdWraps));
        }
        // Sequence parity must match sex (odd = male); address and sequence together number members uniquely.
        var sequence = memberIndex % 500 * 2 + (male ? 1 : 0);
        var address = $"99{memberIndex / 500 % 10_000:0000}";
        var id = IdNumber.Create(address, birth, sequence);
        var name = relation is "妻" or "夫" or "母亲" && rng.NextDouble() < 0.5
            ? $"{Surnames[rng.Next(Surnames.Length)]}{Given[rng.Next(Given.Length)]}"
            : $"{surname}{Given[rng.Next(Given.Length)]}{(rng.NextDouble() < 0.6 ? Given[rng.Next(Given.Length)] : "")}";
        LabourCapacity labour;
        string school = "非在校生", health = "健康", disability = "", work = "非务工";
        var months = 0;
        if (age < 16)
        {
            labour = LabourCapacity.None;
            school = age < 6 ? "学龄前儿童" : age < 12 ? "小学" : "初中";
        }
        else if (noLabour || age > 65)
        {
            labour = rng.NextDouble() < 0.5 ? LabourCapacity.Weak : rng.NextDouble() < 0.5 ? LabourCapacity.Lost : LabourCapacity.None;
            if (noLabour && labour == LabourCapacity.Weak && rng.NextDouble() < 0.5) labour = LabourCapacity.Lost;
            health = rng.NextDouble() < 0.4 ? "长期慢性病" : "健康";
        }
        else if (age < 19 && rng.NextDouble() < 0.6)
        {
            labour = LabourCapacity.None;
            school = "高中";
        }
        else
        {
            var r = rng.NextDouble();
            labour = r < 0.72 ? LabourCapacity.Ordinary : r < 0.87 ? LabourCapacity.Skilled : r < 0.96 ? LabourCapacity.Weak : LabourCapacity.Lost;
            if (labour == LabourCapacity.Lost) { health = "残疾"; disability = "肢体残疾"; }
            if (labour is LabourCapacity.Ordinary or LabourCapacity.Skilled && rng.NextDouble() < 0.55)
            {
                work = WorkPlaces[rng.Next(WorkPlaces.Length)];
                months = rng.Next(3, 13);
            }
        }
        var education = age < 6 ? "学龄前" : Educations[age > 60 ? (rng.NextDouble() < 0.5 ? 4 : 0) : rng.Next(4)];
        return new GeneratedMember(name, id, relation, male ? Sex.Male : Sex.Female, birth, ethnicity, education, school, health, disability, labour, work, months);
    }

    /// <summary>Splits a household's net income into the export's categories, exactly to the fen.</summary>
    static List<(IncomeCategory, string, decimal)> SplitIncome(Random rng, decimal net, bool working)
    {
        decimal Part(decimal share) => Money.Round(net * share);
        var wage = working ? Part((decimal)(0.35 + rng.NextDouble() * 0.3)) : 0;
        var production = Part((decimal)(0.15 + rng.NextDouble() * 0.15));
        var cost = Money.Round(production * (decimal)(0.2 + rng.NextDouble() * 0.2));
        var property = Part((decimal)(rng.NextDouble() * 0.05));
        var transfer = net - wage - (production - cost) - property;
        if (transfer < 0) { wage += transfer; transfer = 0; }
        var lines = new List<(IncomeCategory, string, decimal)>();
        void Add(IncomeCategory c, string s, decimal a) { if (a > 0) lines.Add((c, s, a)); }
        var welfarePost = working && rng.NextDouble() < 0.15 ? Math.Min(wage, 6_000m) : 0;
        Add(IncomeCategory.Wage, "务工收入", wage - welfarePost);
        Add(IncomeCategory.Wage, "公益性岗位收入", welfarePost);
        var crops = Money.Round(production * (decimal)rng.NextDouble());
        Add(IncomeCategory.Production, "种植业收入", crops);
        Add(IncomeCategory.Production, "养殖业收入", production - crops);
        var dividend = Math.Min(property, 500m);
        Add(IncomeCategory.Property, "资产收益扶贫分红收入", dividend);
        Add(IncomeCategory.Property, "土地流转收入", property - dividend);
        var pension = Math.Min(transfer, Money.Round(transfer * (decimal)rng.NextDouble()));
        Add(IncomeCategory.Transfer, "养老金或离退休金", pension);
        Add(IncomeCategory.Transfer, "生态补偿金", Money.Round((transfer - pension) / 3));
        Add(IncomeCategory.Transfer, IncomeCategories.Unspecified, transfer - pension - Money.Round((transfer - pension) / 3));
        Add(IncomeCategory.ProductionCost, IncomeCategories.Unspecified, cost);
        return lines;
    }
}
