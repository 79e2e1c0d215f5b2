using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Data.Database;

namespace Qingling.Web.Users;

/// <summary>Accounts: add, reset, list, and the sign-in check with lockout. Passwords go through ASP.NET Core Identity's hasher.</summary>
public sealed class UserHandler(Store store, string actor)
{
    static readonly PasswordHasher<User> Hasher = new();

    public User Add(string userName, string displayName, Role role, string password, string? villages = null, string? department = null, bool canUnmask = false)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(userName) || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            problems.Add($"用户名“{userName}”无效：只能用字母、数字和 . _ -");
        if (SignInRules.PasswordProblem(password) is { } p) problems.Add(p);
        if (role == Role.Village && string.IsNullOrWhiteSpace(villages)) problems.Add("村干部或驻村工作队须指定村（--villages 村名、村名）");
        if (role == Role.Department && string.IsNullOrWhiteSpace(department)) problems.Add("部门工作人员须指定责任单位（--department）");
        using var db = store.CreateContext();
        if (db.Users.Any(u => u.UserName == userName)) problems.Add($"用户名“{userName}”已存在");
        if (role == Role.Village)
        {
            var known = db.Regions.Where(r => r.Level == Core.Regions.RegionLevel.Village).Select(r => r.Name).ToHashSet();
            foreach (var v in (villages ?? "").Split('、', ',', '，').Select(v => v.Trim()).Where(v => v.Length > 0 && !known.Contains(v)))
                problems.Add($"村“{v}”不存在");
        }
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("；", problems));
        var user = new User
        {
            UserName = userName, DisplayName = displayName.Length > 0 ? displayName : userName, Role = role,
            Villages = string.Join("、", (villages ?? "").Split('、', ',', '，').Select(v => v.Trim()).Where(v => v.Length > 0)),
            Department = department, CanUnmask = canUnmask, CreatedAt = DateTime.UtcNow,
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Users.Add(user);
        db.SaveChanges();
        Trace(db, "新增", user, $"新增用户{userName}（{User.RoleName(role)}）");
        return user;
    }

    public void Reset(string userName, string password)
    {
        if (SignInRules.PasswordProblem(password) is { } p) throw new InvalidOperationException(p);
        using var db = store.CreateContext();
        var user = db.Users.SingleOrDefault(u => u.UserName == userName) ?? throw new InvalidOperationException($"没有用户“{userName}”");
        user.PasswordHash = Hasher.HashPassword(user, password);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        db.SaveChanges();
        Trace(db, "修改", user, $"重设用户{userName}的密码");
    }

    public IReadOnlyList<User> List()
    {
        using var db = store.CreateContext();
        return db.Users.AsNoTracking().OrderBy(u => u.Role).ThenBy(u => u.UserName).ToList();
    }

    public enum SignInResult { Ok, Wrong, Locked }

    /// <summary>Checks a password; counts failures and locks the account after <see cref="SignInRules.MaxFailures"/>.</summary>
    public (SignInResult Result, User? User) SignIn(string userName, string password, DateTime now)
    {
        using var db = store.CreateContext();
        var user = db.Users.SingleOrDefault(u => u.UserName == userName);
        if (user is null || user.Disabled)
        {
            Hasher.HashPassword(new User(), password); // same work as a real check: no timing hint that the name is unknown
            return (SignInResult.Wrong, null);
        }
        if (user.LockedUntil is { } until && until > now) return (SignInResult.Locked, null);
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= SignInRules.MaxFailures)
            {
                user.LockedUntil = now + SignInRules.Lockout;
                user.FailedSignIns = 0;
                db.SaveChanges();
                Trace(db, "锁定", user, $"用户{userName}连续{SignInRules.MaxFailures}次密码错误，锁定{SignInRules.Lockout.TotalMinutes:0}分钟");
                return (SignInResult.Locked, null);
            }
            db.SaveChanges();
            return (SignInResult.Wrong, null);
        }
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        db.SaveChanges();
        return (SignInResult.Ok, user);
    }

    public User? Find(long id)
    {
        using var db = store.CreateContext();
        return db.Users.AsNoTracking().SingleOrDefault(u => u.Id == id && !u.Disabled);
    }

    void Trace(QinglingDbContext db, string action, User user, string summary)
    {
        AuditLog.Add(db, actor, action, "用户", summary, user.Id,
            after: AuditJson.Of(new { 用户名 = user.UserName, 姓名 = user.DisplayName, 角色 = User.RoleName(user.Role), 村 = user.Villages, 单位 = user.Department, 可查看完整证件号 = user.CanUnmask }));
        db.SaveChanges();
    }
}
