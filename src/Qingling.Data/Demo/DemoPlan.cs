using Qingling.Core.Demo;
using Qingling.Core.Households;
using Qingling.Core.Measures;
using Qingling.Data.Funds;
using Qingling.Data.Measures;

namespace Qingling.Data.Demo;

/// <summary>
/// The demo's 一户一策 for its 11 target households, and its project library, as they stood at the end of
/// June 2023: real, partial progress — some measures done, some under way, one declined by the household.
/// </summary>
public static class DemoPlan
{
    public const string PlanResource = "mengyong-2023.plan.json";
    public static readonly DateOnly AsOf = new(2023, 6, 30);
    static readonly DateOnly Consent = new(2023, 2, 20);

    /// <summary>Status moves made after the measures were added: measure index (in insertion order), status, date, evidence, income.</summary>
    public sealed record Move(int Measure, MeasureStatus To, DateOnly On, string Evidence, decimal? Income = null, string? Subcategory = null);

    public static (IReadOnlyList<HouseholdPlanInput> Plans, IReadOnlyList<Move> Moves) Build(IReadOnlyList<GeneratedHousehold> town)
    {
        var plans = new List<HouseholdPlanInput>();
        var moves = new List<Move>();
        var index = 0;
        string[] diagnoses = ["缺技能", "缺资金", "产业规模小", "就业不稳", "因病", "缺土地", "交通不便"];
        string[] crops = ["茶", "糖", "牛", "果", "菜", "林"];
        string[] crafts = ["茶叶初制加工", "电工", "中式烹调", "家政服务", "农机驾驶", "挖掘机操作"];
        for (var t = 0; t < DemoTown.TargetSizes.Length; t++)
        {
            var h = town[t];
            var workers = h.Members.Where(m => m.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled && Age(m) is >= 18 and <= 55).ToList();
            var measures = new List<MeasureInput>();
            MeasureInput Base(string channel, string kind, string description, string department, decimal gain, string category, int paysFrom) => new()
            {
                Household = h.Code, Channel = channel, Kind = kind, Description = description, Department = department,
                ResponsiblePerson = h.Cadre, Start = new DateOnly(2023, 3, 1), End = new DateOnly(2023, 12, 31), ExpectedGain = gain,
                GainCategory = category, PaysFromMonth = paysFrom, Status = "under-way", StatusOn = new DateOnly(2023, 3, 1),
                ConsentOn = Consent, ConsentHow = "户主签字",
            };

            var crop = crops[t % crops.Length];
            var industry = Base(Channels.Industry, $"{crop}产业", $"{crop}产业提质增效：新型经营主体带动，保底收购", t % 3 == 0 ? "镇林业草原服务中心" : "镇农业农村服务中心",
                2_400m + 150m * t, "生产经营性", 7) with
            {
                Details = new MeasureDetails { Industry = crop, Scale = crop == "牛" ? 2 : 5 + t % 4, ScaleUnit = crop == "牛" ? "头" : "亩", MarketEntity = "勐永镇农民专业合作社", PurchaseAgreement = true },
            };
            if (t == 4) industry = industry with { Status = "declined", ConsentOn = null, ConsentHow = "", Description = "发展肉牛养殖（户主表示年纪大、不愿意养牛）", DeclineReason = "户主年纪大，不愿意养牛，想在家附近打零工" };
            measures.Add(industry);

            if (workers.Count > 0 && t < 8)
            {
                var w = workers[0];
                measures.Add(Base(Channels.Training, "技能培训", $"{crafts[t % crafts.Length]}培训（40学时）", t % 2 == 0 ? "镇社会保障服务中心" : "镇妇联", 0m, "", 1) with
                {
                    Member = w.Name, End = new DateOnly(2023, 5, 31),
                    Details = new MeasureDetails { Course = crafts[t % crafts.Length], Hours = 40, Certificate = "职业技能等级证书" },
                });
                if (t < 6) moves.Add(new Move(index + measures.Count - 1, MeasureStatus.Done, new DateOnly(2023, 5, 20), $"结业证书编号JN2023-{t + 1:000}"));
            }
            if (workers.Count > 0 && t < 7)
            {
                var w = workers[^1];
                var wage = 3_800m + 200m * (t % 3);
                measures.Add(Base(Channels.Employment, t % 2 == 0 ? "东西部劳务协作" : "县内就业", t % 2 == 0 ? "经东西部劳务协作到上海务工" : "到县城帮扶车间就业",
                    "镇社会保障服务中心", wage * 6, "工资性", 5) with
                {
                    Member = w.Name, Start = new DateOnly(2023, 4, 1),
                    Details = new MeasureDetails { Destination = t % 2 == 0 ? "省外" : "县内", Employer = t % 2 == 0 ? "上海某电子厂" : "勐永帮扶车间", MonthlyWage = wage, Months = 9, EmploymentChannel = t % 2 == 0 ? "东西部劳务协作" : "帮扶车间" },
                    StatusOn = new DateOnly(2023, 4, 1),
                });
                if (t == 1)
                {
                    moves.Add(new Move(index + measures.Count - 1, MeasureStatus.Done, new DateOnly(2023, 6, 10), "劳动合同、工资流水"));
                    moves.Add(new Move(index + measures.Count - 1, MeasureStatus.Verified, new DateOnly(2023, 6, 28), "村委会入户核实工资流水4—6月", 12_000m, "务工收入"));
                }
            }
            if (t is 2 or 6)
            {
                var borrower = h.Members.First(m => m.Relation == "户主");
                measures.Add(Base(Channels.Finance, "脱贫人口小额信贷", t == 2 ? "申请小额信贷3万元扩大茶园" : "申请小额信贷2万元购买能繁母牛", "勐永信用社", t == 2 ? 3_000m : 2_000m, "生产经营性", 9) with
                {
                    Member = borrower.Name, Status = t == 2 ? "under-way" : "planned", StatusOn = new DateOnly(2023, 5, 15), Start = new DateOnly(2023, 5, 15),
                    Details = new MeasureDetails { FinanceKind = MeasureDetails.Microcredit, LoanAmount = t == 2 ? 30_000m : 20_000m, TermMonths = 36, Purpose = "生产经营", InterestSubsidised = true },
                });
            }
            if (t == 3) measures.Add(Base(Channels.Tourism, "民宿务工", "到勐永田园民宿做服务员", "镇文化和旅游广播电视体育服务中心", 9_600m, "工资性", 7) with { Status = "planned", Details = new MeasureDetails { TourismForm = "就业" } });
            if (t == 5) measures.Add(Base(Channels.Assets, "土地流转", "闲置耕地3亩流转给合作社", "勐永镇自然资源管理所", 1_800m, "财产性", 4) with { Details = new MeasureDetails { AssetKind = "土地流转" } });
            if (t is 0 or 9) measures.Add(Base(Channels.Transfers, "森林生态效益补偿", "落实森林生态效益补偿", "镇林业草原服务中心", 600m, "转移性", 6) with { Details = new MeasureDetails { Subsidy = "森林生态效益补偿", SubsidyAmount = 600m } });

            plans.Add(new HouseholdPlanInput
            {
                Household = h.Code, Diagnosis = [diagnoses[t % diagnoses.Length], diagnoses[(t + 3) % diagnoses.Length]],
                Wishes = t == 4 ? "想在家附近打零工，不想养牛" : "希望多学一门手艺，家门口有活干", Measures = measures,
            });
            index += measures.Count;
        }
        return (plans, moves);

        static int Age(GeneratedMember m) => 2023 - m.BirthDate.Year;
    }

    public static IReadOnlyList<ProjectInput> Projects(IReadOnlyList<GeneratedHousehold> town)
    {
        var targets = town.Take(DemoTown.TargetSizes.Length).Select(h => h.Code).ToList();
        var villages = TownProfile.Mengyong.Villages;
        return
        [
            new() { Year = 2023, Name = "勐永镇茶叶提质增效项目", Source = Core.Funds.FundSource.CentralBridging, Use = Core.Funds.FundUse.Industry, Amount = 2_200_000m, Village = villages[2], LinkedHouseholds = targets.Take(6).ToList() },
            new() { Year = 2023, Name = "肉牛养殖基地建设", Source = Core.Funds.FundSource.CentralBridging, Use = Core.Funds.FundUse.Industry, Amount = 1_000_000m, Village = villages[1], LinkedHouseholds = targets.Skip(6).ToList() },
            new() { Year = 2023, Name = "村组道路硬化", Source = Core.Funds.FundSource.CentralBridging, Use = Core.Funds.FundUse.Other, Amount = 1_800_000m, Village = villages[4] },
            new() { Year = 2023, Name = "蔬菜保供基地", Source = Core.Funds.FundSource.ProvincialBridging, Use = Core.Funds.FundUse.Industry, Amount = 1_000_000m, Village = villages[0] },
            new() { Year = 2023, Name = "人居环境提升", Source = Core.Funds.FundSource.ProvincialBridging, Use = Core.Funds.FundUse.Other, Amount = 1_100_000m, Village = villages[5] },
            new() { Year = 2023, Name = "甘蔗良种推广", Source = Core.Funds.FundSource.IntegratedAgricultural, Use = Core.Funds.FundUse.Industry, Amount = 4_400_000m, LinkedHouseholds = targets },
            new() { Year = 2023, Name = "农田水利设施", Source = Core.Funds.FundSource.IntegratedAgricultural, Use = Core.Funds.FundUse.Other, Amount = 2_600_000m },
            new() { Year = 2023, Name = "帮扶车间配套", Source = Core.Funds.FundSource.CityCountyBridging, Use = Core.Funds.FundUse.Industry, Amount = 800_000m, Village = villages[0] },
        ];
    }
}
