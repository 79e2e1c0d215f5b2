using Microsoft.EntityFrameworkCore;
using Qingling.Core.Integrity;
using Qingling.Data.Database;
using Qingling.Data.Integrity;

namespace Qingling.Web.Web;

/// <summary>What became of a move asked for on a page.</summary>
public enum MoveOutcome { Done, NotFound, Forbidden, Rejected }

/// <summary>
/// A move on an alert from a web form, under the same rules as everywhere: an alert of a household the user may not see
/// is not found; a move the role may not make is forbidden; bad input is rejected with the Chinese reason.
/// </summary>
public static class AlertMoves
{
    public static (MoveOutcome Outcome, string Message) Apply(Store store, CurrentUser current, long id, Func<AlertHandler, AlertRecord> move)
    {
        using (var db = store.CreateContext())
        {
            var alert = db.Alerts.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.HouseholdId }).SingleOrDefault();
            if (alert is null || !current.CanSee(alert.HouseholdId)) return (MoveOutcome.NotFound, $"没有诚信预警#{id}");
        }
        try
        {
            var done = move(new AlertHandler(store, current.Actor, current.User.Role));
            return (MoveOutcome.Done, $"诚信预警#{done.Id}（户{done.HouseholdCode}·{IntegrityKinds.Name(done.Kind)}）已改为“{AlertStatuses.Name(done.Status)}”{(done.CorrectionEntryId is { } e ? $"，更正条目#{e}" : "")}");
        }
        catch (AlertRefusedException e) { return (MoveOutcome.Forbidden, e.Message); }
        catch (AlertRejectedException e) { return (MoveOutcome.Rejected, e.Message); }
    }

    /// <summary>Which forms a role is offered (the server checks again on every post).</summary>
    public static bool Offers(CurrentUser current, AlertStatus to) => AlertStatuses.Refusal(current.User.Role, to) is null;
}
