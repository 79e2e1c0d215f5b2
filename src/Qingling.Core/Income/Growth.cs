namespace Qingling.Core.Income;

/// <summary>增速 of per-capita net income between two years.</summary>
public static class Growth
{
    /// <summary>(this − last) ÷ last, as a fraction; null when last year is missing or not positive.</summary>
    public static decimal? Rate(decimal? lastYear, decimal? thisYear) =>
        lastYear is > 0 && thisYear is not null ? (thisYear.Value - lastYear.Value) / lastYear.Value : null;

    /// <summary>
    /// A population's per-capita net income: total net income ÷ total persons (population-weighted),
    /// not the mean of households' per-capita figures.
    /// </summary>
    public static decimal? PopulationPerCapita(IEnumerable<HouseholdIncome> households)
    {
        decimal net = 0;
        var persons = 0;
        foreach (var h in households)
        {
            net += h.NetIncome;
            persons += h.Persons;
        }
        return persons == 0 ? null : Money.Round(net / persons);
    }
}
