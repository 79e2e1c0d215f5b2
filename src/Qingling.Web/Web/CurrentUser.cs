using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Regions;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Web.Users;

namespace Qingling.Web.Web;

/// <summary>
/// The signed-in user and what they may see, checked on the server for every page and endpoint: village
/// users see their villages' households, department users the households their department's measures
/// touch, everyone else everything.
/// </summary>
public sealed class CurrentUser(Store store, IHttpContextAccessor http, ProgressCache cache)
{
    User? _user;
    IReadOnlySet<long>? _households;
    bool _scoped;

    public User User => _user ??= Load();

    User Load()
    {
        var principal = http.HttpContext?.User;
        var id = long.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var v) ? v : 0;
        return new UserHandler(store, "").Find(id) ?? throw new UnauthorizedAccessException("未登录");
    }

    /// <summary>Who acts, for the trace.</summary>
    public string Actor => $"{User.UserName}（{User.DisplayName}）";

    /// <summary>
    /// The households this user may see; null when they see all. Shared by every request of the same scope and data version
    /// (a county account's are its 250,000 households: read on each request, 80 ms of a household page's 82).
    /// </summary>
    public IReadOnlySet<long>? VisibleHouseholds
    {
        get
        {
            if (_scoped) return _households;
            _scoped = true;
            if (User.ReadsEverything) return _households = null;
            using var db = store.CreateContext();
            // Read before the households: what is kept under it is never older than it.
            var version = DataVersion.Current(db);
            return _households = cache.Get(new ProgressCache.Stamp(version, false), ("visible-households", ScopeKey, version), () => Read(db), s => 1 + s.Count / 1000, limited: false);
        }
    }

    HashSet<long> Read(QinglingDbContext db)
    {
        if (User.Role == Role.Village)
        {
            var names = User.VillageList.ToList();
            var villages = db.Regions.Where(r => r.Level == RegionLevel.Village && names.Contains(r.Name)).Select(r => r.Id).ToList();
            return db.Households.Where(h => villages.Contains(h.VillageId)).Select(h => h.Id).ToHashSet();
        }
        if (User.Role == Role.Region)
        {
            var subtree = RegionTree.Villages(Qingling.Data.Regions.RegionQuery.Tree(db), User.RegionId);
            return db.Households.Where(h => subtree.Contains(h.VillageId)).Select(h => h.Id).ToHashSet();
        }
        return db.Measures.Where(m => m.Department == User.Department).Select(m => m.HouseholdId).Distinct().ToHashSet();
    }

    /// <summary>Who sees what: users with the same key see the same households (the key of a scope, not of a person).</summary>
    public string ScopeKey => User.ReadsEverything ? "*"
        : User.Role == Role.Village ? "村:" + string.Join("、", User.VillageList.Order(StringComparer.Ordinal))
        : User.Role == Role.Region ? "区域:" + User.RegionId
        : "部门:" + User.Department;

    public bool CanSee(long householdId) => VisibleHouseholds is not { } set || set.Contains(householdId);

    /// <summary>Whether the user may change this measure: admins all; departments their own; villages those in their villages.</summary>
    public bool CanChangeMeasure(Core.Measures.Measure m) => User.Role switch
    {
        Role.Admin => true,
        Role.Department => m.Department == User.Department,
        Role.Village => CanSee(m.HouseholdId),
        _ => false,
    };

    public bool CanAddMeasures(long householdId) => User.Role is Role.Admin || (User.Role == Role.Village && CanSee(householdId));
}
