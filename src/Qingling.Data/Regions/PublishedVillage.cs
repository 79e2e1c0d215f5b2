namespace Qingling.Data.Regions;

/// <summary>
/// One village's figures for a year as its county publishes them to the province (table <c>village_figures</c>). The key
/// is the village's 12-digit statistical code and the year: codes are unique across the country, so rows from every
/// county meet in the province's table without colliding, and each row belongs to the one county whose code it starts
/// with (the county's publication is filtered on it). The names of the places above it travel with it: the province
/// builds its region tree from them (deploy/replication/province.sql). Derived data: it carries no digest, changes no
/// data version, and is rewritten from the register by <see cref="PublishedFigures.Refresh"/>.
/// </summary>
public class PublishedVillage
{
    public string VillageCode { get; set; } = "";
    public int Year { get; set; }
    public string Province { get; set; } = "";
    public string City { get; set; } = "";
    public string County { get; set; } = "";
    public string Town { get; set; } = "";
    public string Village { get; set; } = "";
    public int Households { get; set; }
    public int Persons { get; set; }
    public int TargetHouseholds { get; set; }
    public int TargetPersons { get; set; }
    public int MeasuresIndustry { get; set; }
    public int MeasuresTourism { get; set; }
    public int MeasuresTraining { get; set; }
    public int MeasuresEmployment { get; set; }
    public int MeasuresAssets { get; set; }
    public int MeasuresFinance { get; set; }
    public int MeasuresTransfers { get; set; }
    public decimal Funds { get; set; }
    public int OpenAlerts { get; set; }
    /// <summary>The target rule the county counted by (its plan's): the province sums each county under its own plan.</summary>
    public decimal IncomeLine { get; set; }
    public bool WeakLabour { get; set; }
    public bool IncludeMonitored { get; set; }

    /// <summary>
    /// 预计年底仍低于收入线: the village's households projected under the line by its plan's own indicator on
    /// <see cref="FiguresOn"/> (<see cref="RegionQuery.ProjectedUnderLine"/>). Carried on the row of the plan's year (else
    /// the village's latest); null on the other rows and where no plan covers the village.
    /// </summary>
    public int? ProjectedUnderLine { get; set; }

    /// <summary>The village's 考核 score for the period of its plan's 考核细则 holding <see cref="FiguresOn"/>; null where none scores it.</summary>
    public decimal? VillageScore { get; set; }

    /// <summary>The date the projection and the score were counted on: the plan's 数据截至 (<see cref="Measures.DataDate"/>).</summary>
    public DateOnly? FiguresOn { get; set; }
}
