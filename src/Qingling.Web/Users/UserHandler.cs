using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Web.Users;

/// <summary>Accounts: add, change, reset, disable, delete, list, and the sign-in check with lockout. Passwords go through ASP.NET Core Identity's hasher.</summary>
public sealed class UserHandler(Store store, string actor)
{
    static readonly PasswordHasher<User> Hasher = new();
    // Checked instead of a real hash for unknown, disabled and locked accounts: the same work, so the time taken tells nothing.
    static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(new User(), Guid.NewGuid().ToString("N")));

    public User Add(string userName, string displayName, Role role, string password, string? villages = null, string? department = null, bool canUnmask = false, string? region = null)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(userName) || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            problems.Add($"用户名“{userName}”无效：只能用字母、数字和 . _ -");
        if (PasswordRules.Problem(password, userName) is { } p) problems.Add(p);
        using var db = store.CreateContext();
        if (db.Users.Any(u => u.UserName == userName)) problems.Add($"用户名“{userName}”已存在");
        ScopeProblems(db, role, villages, department, problems);
        var regionId = RegionScope(db, role, region, problems);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("；", problems));
        var user = new User
        {
            UserName = userName, DisplayName = displayName.Length > 0 ? displayName : userName, Role = role,
            Villages = JoinVillages(villages), Department = department, CanUnmask = canUnmask, CreatedAt = DateTime.UtcNow, RegionId = regionId,
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Users.Add(user);
        db.SaveChanges();
        Trace(db, "新增", user, $"新增用户{userName}（{User.RoleName(role)}）");
        return user;
    }

    static void ScopeProblems(QinglingDbContext db, Role role, string? villages, string? department, List<string> problems)
    {
        if (role == Role.Village && string.IsNullOrWhiteSpace(villages)) problems.Add("村干部或驻村工作队须指定村（--villages 村名、村名）");
        if (role == Role.Department && string.IsNullOrWhiteSpace(department)) problems.Add("部门工作人员须指定责任单位（--department）");
        if (role == Role.Village)
        {
            var known = db.Regions.Where(r => r.Level == Core.Regions.RegionLevel.Village).Select(r => r.Name).ToHashSet();
            foreach (var v in (villages ?? "").Split('、', ',', '，').Select(v => v.Trim()).Where(v => v.Length > 0 && !known.Contains(v)))
                problems.Add($"村“{v}”不存在");
        }
    }

    /// <summary>
    /// A region account's region: a county, city or province of the tree, named or coded. A town's own staff use the
    /// town roles, which can also act; a region account only reads.
    /// </summary>
    static long? RegionScope(QinglingDbContext db, Role role, string? region, List<string> problems)
    {
        if (role != Role.Region)
        {
            if (!string.IsNullOrWhiteSpace(region)) problems.Add("只有区域账号（--role region）才指定区划（--region）");
            return null;
        }
        if (string.IsNullOrWhiteSpace(region))
        {
            problems.Add("区域账号须指定区划（--region 县、市或省的名称或12位区划代码）");
            return null;
        }
        var (found, problem) = Core.Regions.RegionLookup.Find(Qingling.Data.Regions.RegionQuery.Tree(db), region);
        if (found is null) problems.Add(problem!);
        else if (found.Level > Core.Regions.RegionLevel.County) problems.Add($"“{found.Name}”不是县、市或省：区域账号的范围应为县、市或省，乡镇的账号请用镇级角色");
        else return found.Id;
        return null;
    }

    static string JoinVillages(string? villages) => string.Join("、", (villages ?? "").Split('、', ',', '，').Select(v => v.Trim()).Where(v => v.Length > 0));

    public void Reset(string userName, string password)
    {
        if (PasswordRules.Problem(password, userName) is { } p) throw new InvalidOperationException(p);
        using var db = store.CreateContext();
        var user = Get(db, userName);
        user.PasswordHash = Hasher.HashPassword(user, password);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        user.SecurityStamp = User.NewStamp(); // whoever knew the old password is signed out everywhere
        db.SaveChanges();
        Trace(db, "修改", user, $"重设用户{userName}的密码，结束其全部会话");
    }

    /// <summary>Changes role, scope or the unmask permission; the user's sessions end, so the new scope applies at once.</summary>
    public User Change(string userName, Role? role, string? villages, string? department, bool? canUnmask, string? region = null)
    {
        using var db = store.CreateContext();
        var user = Get(db, userName);
        var before = AuditJson.Of(Shown(user));
        var newRole = role ?? user.Role;
        var problems = new List<string>();
        ScopeProblems(db, newRole, villages ?? (newRole == Role.Village ? user.Villages : null), department ?? (newRole == Role.Department ? user.Department : null), problems);
        // Keeping the role keeps the region unless a new one is named.
        var regionId = region is null && newRole == Role.Region && user.RegionId is { } kept ? kept : RegionScope(db, newRole, region, problems);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("；", problems));
        user.Role = newRole;
        user.Villages = newRole == Role.Village ? JoinVillages(villages ?? user.Villages) : "";
        user.Department = newRole == Role.Department ? department ?? user.Department : null;
        user.CanUnmask = canUnmask ?? user.CanUnmask;
        user.RegionId = regionId;
        user.SecurityStamp = User.NewStamp();
        db.SaveChanges();
        Trace(db, "修改", user, $"修改用户{userName}的角色或范围，结束其全部会话", before);
        return user;
    }

    /// <summary>Disables or enables an account; disabling ends its sessions. The account stays, so the trace keeps naming it.</summary>
    public void SetDisabled(string userName, bool disabled)
    {
        using var db = store.CreateContext();
        var user = Get(db, userName);
        user.Disabled = disabled;
        user.SecurityStamp = User.NewStamp();
        if (!disabled) (user.FailedSignIns, user.LockedUntil) = (0, null);
        db.SaveChanges();
        Trace(db, "修改", user, disabled ? $"停用用户{userName}，结束其全部会话" : $"启用用户{userName}");
    }

    /// <summary>
    /// Deletes an account that has never acted. One the trace names as actor is refused: the trace is append-only and
    /// says who did what by user name, so the name must stay taken and its holder known; disable it instead.
    /// </summary>
    public void Delete(string userName)
    {
        using var db = store.CreateContext();
        var user = Get(db, userName);
        var asActor = userName + "（";
        if (db.AuditEntries.Any(a => a.Actor == userName || a.Actor.StartsWith(asActor)))
            throw new InvalidOperationException($"用户“{userName}”在留痕中有操作记录，不能删除（删除后无法确认留痕中的操作人）；请改用 qingling user disable --name {userName} 停用");
        db.Users.Remove(user);
        db.SaveChanges();
        Trace(db, "删除", user, $"删除用户{userName}（从未操作）", AuditJson.Of(Shown(user)));
    }

    /// <summary>Ends every session of a user (signing out ends them all, not only the browser that asked).</summary>
    public void EndSessions(long id)
    {
        using var db = store.CreateContext();
        var stamp = User.NewStamp();
        db.Users.Where(u => u.Id == id).ExecuteUpdate(s => s.SetProperty(u => u.SecurityStamp, stamp));
    }

    static User Get(QinglingDbContext db, string userName) =>
        db.Users.SingleOrDefault(u => u.UserName == userName) ?? throw new InvalidOperationException($"没有用户“{userName}”");

    public IReadOnlyList<User> List()
    {
        using var db = store.CreateContext();
        return db.Users.AsNoTracking().OrderBy(u => u.Role).ThenBy(u => u.UserName).ToList();
    }

    /// <summary>Ok: signed in. Wrong: the password was checked and is wrong. Locked: not checked, the account has no tries left.</summary>
    public enum SignInResult { Ok, Wrong, Locked }

    /// <summary>
    /// Checks a password, at most <see cref="SignInRules.MaxFailures"/> times before the account locks. Each try is claimed
    /// in one UPDATE before the hash is checked (failures = failures + 1 where below the limit and not locked), so parallel
    /// requests cannot all read the same count: the database, not a read-modify-write, decides who gets a try.
    /// </summary>
    public (SignInResult Result, User? User) SignIn(string userName, string password, DateTime now)
    {
        using var db = store.CreateContext();
        var user = db.Users.AsNoTracking().SingleOrDefault(u => u.UserName == userName);
        if (user is null || user.Disabled)
        {
            Decoy(db, null, password);
            return (SignInResult.Wrong, null);
        }
        var claimed = db.Users.Where(u => u.Id == user.Id && u.FailedSignIns < SignInRules.MaxFailures && (u.LockedUntil == null || u.LockedUntil <= now))
            .ExecuteUpdate(s => s.SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1));
        if (claimed == 0)
        {
            Decoy(db, user.Id, password);
            return (SignInResult.Locked, null);
        }
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            // The first wrong answer to finish once every try is used locks the account and starts the count again for after it.
            DateTime? until = now + SignInRules.Lockout;
            var locked = db.Users.Where(u => u.Id == user.Id && u.FailedSignIns >= SignInRules.MaxFailures)
                .ExecuteUpdate(s => s.SetProperty(u => u.LockedUntil, until).SetProperty(u => u.FailedSignIns, 0));
            if (locked == 1) Trace(db, "锁定", user, $"用户{userName}连续{SignInRules.MaxFailures}次密码错误，锁定{SignInRules.Lockout.TotalMinutes:0}分钟");
            return (SignInResult.Wrong, null);
        }
        // A right password counts only if no parallel wrong one locked the account meanwhile.
        var opened = db.Users.Where(u => u.Id == user.Id && !u.Disabled && (u.LockedUntil == null || u.LockedUntil <= now))
            .ExecuteUpdate(s => s.SetProperty(u => u.FailedSignIns, 0).SetProperty(u => u.LockedUntil, (DateTime?)null));
        return opened == 1 ? (SignInResult.Ok, user) : (SignInResult.Locked, null);
    }

    /// <summary>
    /// The work of a real check for a try that is refused without one (unknown name, disabled or locked account): one committed
    /// row write, as the failure count's, and one hash verification. Without the write a wrong password answered measurably
    /// slower than an unknown name (the commit's flush), which tells an outsider the name exists. The write changes nothing.
    /// </summary>
    static void Decoy(QinglingDbContext db, long? id, string password)
    {
        var target = id ?? db.Users.Min(u => (long?)u.Id) ?? 0;
        db.Users.Where(u => u.Id == target).ExecuteUpdate(s => s.SetProperty(u => u.FailedSignIns, u => u.FailedSignIns));
        Hasher.VerifyHashedPassword(new User(), DummyHash.Value, password);
    }

    public User? Find(long id)
    {
        using var db = store.CreateContext();
        return db.Users.AsNoTracking().SingleOrDefault(u => u.Id == id && !u.Disabled);
    }

    static object Shown(User user) =>
        new { 用户名 = user.UserName, 姓名 = user.DisplayName, 角色 = User.RoleName(user.Role), 村 = user.Villages, 单位 = user.Department, 区划 = user.RegionId, 可查看完整证件号 = user.CanUnmask, 停用 = user.Disabled };

    void Trace(QinglingDbContext db, string action, User user, string summary, string? before = null)
    {
        AuditLog.Add(db, actor, action, "用户", summary, user.Id, before: before, after: action == "删除" ? null : AuditJson.Of(Shown(user)));
        db.SaveChanges();
    }
}
