namespace Qingling.Core.Measures;

/// <summary>A measure's life: planned → under way → done → verified; or declined by the household, or cancelled.</summary>
public enum MeasureStatus { Planned = 1, UnderWay = 2, Done = 3, Verified = 4, Declined = 5, Cancelled = 6 }

public static class MeasureStatuses
{
    public static string Name(MeasureStatus s) => s switch
    {
        MeasureStatus.Planned => "计划",
        MeasureStatus.UnderWay => "实施中",
        MeasureStatus.Done => "已完成",
        MeasureStatus.Verified => "已核实",
        MeasureStatus.Declined => "群众不愿意",
        MeasureStatus.Cancelled => "已取消",
        _ => s.ToString(),
    };

    static readonly Dictionary<string, MeasureStatus> Keys = new()
    {
        ["planned"] = MeasureStatus.Planned, ["under-way"] = MeasureStatus.UnderWay, ["done"] = MeasureStatus.Done,
        ["verified"] = MeasureStatus.Verified, ["declined"] = MeasureStatus.Declined, ["cancelled"] = MeasureStatus.Cancelled,
    };

    public static string Key(MeasureStatus s) => Keys.First(k => k.Value == s).Key;

    public static MeasureStatus? Parse(string text)
    {
        var t = text.Trim();
        if (Keys.TryGetValue(t.ToLowerInvariant(), out var s)) return s;
        foreach (var v in Enum.GetValues<MeasureStatus>()) if (Name(v) == t) return v;
        return null;
    }

    /// <summary>Declined and cancelled measures never count anywhere.</summary>
    public static bool IsLive(MeasureStatus s) => s is not (MeasureStatus.Declined or MeasureStatus.Cancelled);

    /// <summary>Under way or further: the help has actually started.</summary>
    public static bool HasStarted(MeasureStatus s) => s is MeasureStatus.UnderWay or MeasureStatus.Done or MeasureStatus.Verified;

    public static bool IsFinished(MeasureStatus s) => s is MeasureStatus.Done or MeasureStatus.Verified;

    /// <summary>The moves allowed from each status.</summary>
    public static bool CanMove(MeasureStatus from, MeasureStatus to) => (from, to) switch
    {
        (MeasureStatus.Planned, MeasureStatus.UnderWay or MeasureStatus.Declined or MeasureStatus.Cancelled) => true,
        (MeasureStatus.UnderWay, MeasureStatus.Done or MeasureStatus.Declined or MeasureStatus.Cancelled) => true,
        (MeasureStatus.Done, MeasureStatus.Verified or MeasureStatus.UnderWay) => true,
        _ => false,
    };
}
