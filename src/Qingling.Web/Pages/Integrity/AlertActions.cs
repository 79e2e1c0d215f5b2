using Qingling.Core.Integrity;
using Qingling.Web.Web;

namespace Qingling.Web.Pages.Integrity;

/// <summary>The state of one alert and the forms its viewer may use; <see cref="Confirm"/> adds the correction form (household page).</summary>
public sealed record AlertActions(AlertRecord? Record, CurrentUser Current, string Action, string HouseholdCode, bool Confirm, IReadOnlyList<Core.Income.IncomeEntry>? Entries = null)
{
    public bool Open => Record is { Status: AlertStatus.Open };
    public bool May(AlertStatus to) => Open && AlertMoves.Offers(Current, to);

    /// <summary>Where a move's form posts: <see cref="Action"/> (which may carry a page's filters) with the handler added.</summary>
    public string PostTo(string handler) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Action, "handler", handler);
}
