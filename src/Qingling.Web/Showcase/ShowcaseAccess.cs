using Qingling.Core.Showcase;
using Qingling.Core.Users;
using Qingling.Web.Web;

namespace Qingling.Web.Showcase;

/// <summary>
/// Who does what with 典型案例: everyone sees the cases of the households in their scope (a village its villages, a
/// department the households its measures touch); staff who work with the household (admin, its village, its department)
/// record consent, draft and edit; the town's admin and leaders approve and publish; the auditor only reads.
/// </summary>
public static class ShowcaseAccess
{
    public static bool Sees(CurrentUser u, ShowcaseCase c) => u.CanSee(c.HouseholdId);

    public static bool Edits(CurrentUser u, long householdId) =>
        u.User.Role is Role.Admin || (u.User.Role is Role.Village or Role.Department && u.CanSee(householdId));

    public static bool Approves(CurrentUser u) => u.User.Role is Role.Admin or Role.Leader;
}
