namespace Qingling.Core.Households;

/// <summary>
/// A member as one year's annual record has them, as the integrity checks read them: relation, labour capacity and work.
/// A value (about 40 bytes) rather than a whole <see cref="Member"/> (184 bytes): the checks hold two years of a county's members.
/// </summary>
public readonly record struct MemberRecord(long Id, string RelationToHead, LabourCapacity Labour, string? WorkStatus, int? MonthsWorked)
{
    public bool Working => Work.IsWorking(WorkStatus, MonthsWorked);
}
