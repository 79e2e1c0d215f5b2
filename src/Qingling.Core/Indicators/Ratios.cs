namespace Qingling.Core.Indicators;

/// <summary>Rounding of a fraction before it is compared with a target.</summary>
public static class Ratios
{
    /// <summary>
    /// Four decimals (a percentage to two), half away from zero like every other figure people see: Math.Round's
    /// default (banker's) would round 0.15865 down to 0.1586 while the same figure in yuan rounds up.
    /// </summary>
    public static decimal Round(decimal fraction) => Math.Round(fraction, 4, MidpointRounding.AwayFromZero);
}
