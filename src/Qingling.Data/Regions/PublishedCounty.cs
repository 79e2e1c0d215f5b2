namespace Qingling.Data.Regions;

/// <summary>
/// A county's word that its published village figures are current as of <see cref="CheckedAt"/> (table
/// <c>published_counties</c>, published beside <c>village_figures</c>). Written at every recount and, when nothing
/// changed, at least every few minutes by the web app: the province tells a county that is quiet from one that is away.
/// </summary>
public class PublishedCounty
{
    /// <summary>The county's 6-digit code: the key, unique across the country, and the publication's row filter.</summary>
    public string CountyCode { get; set; } = "";
    public string County { get; set; } = "";
    /// <summary>When the county last confirmed its rows (UTC).</summary>
    public DateTime CheckedAt { get; set; }
    /// <summary>The county's data version its rows were counted at.</summary>
    public long DataVersion { get; set; }
}
