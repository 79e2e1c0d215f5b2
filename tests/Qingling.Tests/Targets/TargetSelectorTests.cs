using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Targets;

namespace Qingling.Tests.Targets;

public class TargetSelectorTests
{
    static HouseholdYear H(string code, decimal perCapita, params LabourCapacity[] labour) =>
        H(code, HouseholdType.ExitedPoverty, null, perCapita, labour);

    static HouseholdYear H(string code, HouseholdType type, MonitoringCategory? monitoring, decimal perCapita, params LabourCapacity[] labour)
    {
        var members = labour.Select((l, i) => new MemberWork(i, l, false)).ToList();
        return new HouseholdYear(code.Length, code, "芒来村", type, monitoring, members,
            new HouseholdIncome(2022, members.Count, perCapita * members.Count, 0, 0, 0, 0));
    }

    [Fact]
    public void Exactly_ten_thousand_is_not_under_the_line_and_9999_99_is()
    {
        var list = TargetSelector.Select([H("A", 10_000.00m, LabourCapacity.Ordinary), H("B", 9_999.99m, LabourCapacity.Ordinary, LabourCapacity.None)], new TargetRule());
        var t = Assert.Single(list);
        Assert.Equal("B", t.HouseholdCode);
        Assert.Equal(0.01m, t.Gap);
        Assert.Equal(2, t.Persons);
        Assert.Equal(1, t.LabourMembers);
    }

    [Fact]
    public void Without_labour_no_target_and_weak_labour_only_by_setting()
    {
        var households = new[]
        {
            H("none", 5_000m, LabourCapacity.Lost, LabourCapacity.None),
            H("weak", 5_000m, LabourCapacity.Weak, LabourCapacity.None),
            H("skilled", 5_000m, LabourCapacity.Skilled),
        };
        Assert.Equal(["skilled"], TargetSelector.Select(households, new TargetRule()).Select(t => t.HouseholdCode));
        Assert.Equal(["skilled", "weak"], TargetSelector.Select(households, new TargetRule(WeakLabourCounts: true)).Select(t => t.HouseholdCode).Order());
    }

    [Fact]
    public void Only_exited_households_unless_monitored_are_included()
    {
        var households = new[]
        {
            H("ordinary", HouseholdType.Ordinary, null, 5_000m, LabourCapacity.Ordinary),
            H("monitored", HouseholdType.Ordinary, MonitoringCategory.Marginal, 5_000m, LabourCapacity.Ordinary),
        };
        Assert.Empty(TargetSelector.Select(households, new TargetRule()));
        Assert.Equal("monitored", Assert.Single(TargetSelector.Select(households, new TargetRule(IncludeMonitored: true))).HouseholdCode);
    }

    [Fact]
    public void The_line_is_a_setting_and_the_list_is_sorted_poorest_first()
    {
        var households = new[] { H("a", 8_500m, LabourCapacity.Ordinary), H("b", 7_000m, LabourCapacity.Ordinary), H("c", 8_100m, LabourCapacity.Ordinary) };
        Assert.Equal(["b", "c"], TargetSelector.Select(households, new TargetRule(IncomeLine: 8_200m)).Select(t => t.HouseholdCode));
    }
}
