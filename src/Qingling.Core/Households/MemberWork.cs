namespace Qingling.Core.Households;

/// <summary>
/// A member as a year's figures read them: who, with what labour capacity, and whether the register has them working.
/// A value of 16 bytes: a county's figures hold a million of them, where a whole <see cref="Member"/> is 184 bytes plus its list.
/// </summary>
public readonly record struct MemberWork(long Id, LabourCapacity Labour, bool Working)
{
    public static MemberWork Of(Member m) => new(m.Id, m.Labour, Work.IsWorking(m));
}
