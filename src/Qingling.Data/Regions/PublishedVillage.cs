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
}
