namespace Qingling.Core.Funds;

/// <summary>资金来源.</summary>
public enum FundSource { CentralBridging = 1, ProvincialBridging = 2, CityCountyBridging = 3, IntegratedAgricultural = 4, Other = 5 }

/// <summary>What a project's money is used for.</summary>
public enum FundUse { Industry = 1, Other = 2 }

public static class FundSources
{
    public static string Name(FundSource s) => s switch
    {
        FundSource.CentralBridging => "中央财政衔接推进乡村振兴补助资金",
        FundSource.ProvincialBridging => "省级财政衔接推进乡村振兴补助资金",
        FundSource.CityCountyBridging => "市县级衔接资金",
        FundSource.IntegratedAgricultural => "财政涉农整合资金",
        _ => "其他资金",
    };

    public static string Name(FundUse u) => u == FundUse.Industry ? "产业发展" : "其他";
}

/// <summary>A project of the 巩固脱贫攻坚项目库, with the households it links (联农带农).</summary>
public sealed class Project
{
    public long Id { get; set; }
    public int Year { get; set; }
    public string Name { get; set; } = "";
    public FundSource Source { get; set; }
    public FundUse Use { get; set; }
    public decimal Amount { get; set; }
    public long? VillageId { get; set; }
    /// <summary>Household codes linked to the project, joined with commas.</summary>
    public string LinkedHouseholds { get; set; } = "";
}

/// <summary>Industry's share of each fund source in a year.</summary>
public static class FundRatios
{
    public sealed record Share(FundSource Source, decimal Industry, decimal Total)
    {
        public decimal? Ratio => Total == 0 ? null : Industry / Total;
    }

    public static Share Of(IEnumerable<Project> projects, FundSource source, int year)
    {
        decimal industry = 0, total = 0;
        foreach (var p in projects)
        {
            if (p.Year != year || p.Source != source) continue;
            total += p.Amount;
            if (p.Use == FundUse.Industry) industry += p.Amount;
        }
        return new Share(source, industry, total);
    }
}
