using Qingling.Core.Rhythm;
using Qingling.Data.Database;
using Qingling.Data.Rhythm;

namespace Qingling.Web.Web;

/// <summary>The 半月研判 pack for a date, derived once per data change: the page and its Excel export show the same pack.</summary>
public static class ReviewPacks
{
    public static ReviewPack For(Store store, PlanContext context, DateOnly on) =>
        // Keyed by scope too: the results are the user's scope's (the town's for everyone who may open the page today).
        context.Derived(("review", on, context.ScopeKey), () =>
        {
            using var db = store.CreateContext();
            return ReviewPackBuilder.Build(db, context.Plan!, on, context.TownProgress(on), context.Results(on));
        });
}
