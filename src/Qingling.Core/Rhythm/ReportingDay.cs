namespace Qingling.Core.Rhythm;

/// <summary>The day in China a record reached the system: deadlines (a round's last day) are China dates, timestamps UTC.</summary>
public static class ReportingDay
{
    // China Standard Time has been UTC+8 all year since 1991, so a fixed offset needs no time-zone database.
    public static DateOnly Of(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8));
}
