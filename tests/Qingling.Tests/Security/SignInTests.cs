using Microsoft.EntityFrameworkCore;
using Qingling.Core.Users;
using Qingling.Data.Audit;
using Qingling.Tests.Support;
using Qingling.Web.Users;
using static Qingling.Web.Users.UserHandler;

namespace Qingling.Tests.Security;

/// <summary>The lockout counter under parallel requests, and the account commands, on each database.</summary>
public class SignInTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    const string Right = "Chaye2023shou";

    static (TestDatabase Db, UserHandler Users) Account(string provider)
    {
        var db = new TestDatabase(provider);
        var users = new UserHandler(db.Store, "测试");
        users.Add("target", "被猜密码的账号", Role.Admin, Right);
        return (db, users);
    }

    static User Load(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return c.Users.AsNoTracking().Single(u => u.UserName == "target");
    }

    /// <summary>Starts every attempt at once (a barrier, not a sleep), each on its own thread and connection.</summary>
    static SignInResult[] Burst(UserHandler users, IReadOnlyList<string> passwords, DateTime now)
    {
        using var start = new Barrier(passwords.Count);
        var threads = passwords.Select(p => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return users.SignIn("target", p, now).Result;
        }, TaskCreationOptions.LongRunning)).ToArray();
        return Task.WhenAll(threads).GetAwaiter().GetResult();
    }

    [Theory, MemberData(nameof(Providers))]
    public void Parallel_wrong_passwords_each_count(string provider)
    {
        var (db, users) = Account(provider);
        using var _ = db;
        var n = SignInRules.MaxFailures - 1;
        var results = Burst(users, Enumerable.Repeat("wrong-Pass-1", n).ToList(), DateTime.UtcNow);
        Assert.All(results, r => Assert.Equal(SignInResult.Wrong, r));
        Assert.Equal(n, Load(db).FailedSignIns); // a read-modify-write lost most of them
        Assert.Null(Load(db).LockedUntil);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_burst_gets_no_more_tries_than_the_limit_and_the_right_password_is_refused_while_locked(string provider)
    {
        var (db, users) = Account(provider);
        using var _ = db;
        var now = DateTime.UtcNow;
        // 40 wrong passwords with the right one in the middle of them.
        var passwords = Enumerable.Repeat("wrong-Pass-1", 40).ToList();
        passwords.Insert(20, Right);
        var results = Burst(users, passwords, now);
        // At most MaxFailures passwords were checked, the rest refused unchecked; if the right one came early enough to be one
        // of the tries, its success started the count again, once.
        var ok = results.Count(r => r == SignInResult.Ok);
        var wrong = results.Count(r => r == SignInResult.Wrong);
        Assert.True(wrong <= SignInRules.MaxFailures * (1 + ok), $"{wrong} wrong passwords checked, {ok} right");
        if (results[20] == SignInResult.Locked) Assert.Equal(SignInResult.Locked, users.SignIn("target", Right, now.AddMinutes(1)).Result);

        // Once the first round's lock is over: another burst of wrong ones, then the right password is refused until the lock ends.
        var later = now + SignInRules.Lockout + TimeSpan.FromMinutes(1);
        var second = Burst(users, Enumerable.Repeat("wrong-Pass-1", 40).ToList(), later);
        Assert.InRange(second.Count(r => r == SignInResult.Wrong), 1, SignInRules.MaxFailures);
        Assert.True(Load(db).LockedUntil > later);
        Assert.Equal(SignInResult.Locked, users.SignIn("target", Right, later.AddMinutes(1)).Result);
        Assert.Equal(SignInResult.Ok, users.SignIn("target", Right, later + SignInRules.Lockout + TimeSpan.FromSeconds(1)).Result);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_right_password_after_the_limit_is_refused_and_the_lock_is_traced_once(string provider)
    {
        var (db, users) = Account(provider);
        using var _ = db;
        var now = DateTime.UtcNow;
        for (var i = 0; i < SignInRules.MaxFailures; i++) Assert.Equal(SignInResult.Wrong, users.SignIn("target", "wrong-Pass-1", now).Result);
        Assert.Equal(SignInResult.Locked, users.SignIn("target", Right, now).Result);
        using var c = db.Store.CreateContext();
        Assert.Single(c.AuditEntries.AsNoTracking().Where(a => a.Action == "锁定"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void Disable_enable_and_delete_are_traced_and_delete_refuses_a_user_who_acted(string provider)
    {
        var (db, users) = Account(provider);
        using var _ = db;
        users.Add("idle", "从未操作", Role.Leader, Right);
        users.Add("worker", "有操作记录", Role.Leader, Right);
        using (var c = db.Store.CreateContext())
        {
            AuditLog.Add(c, "worker（有操作记录）", "修改", "措施", "测试：worker 的一次操作");
            c.SaveChanges();
        }
        var result = Support.Cli.Run(db.Folder, ["user", "delete", "--name", "worker", .. db.CliArguments]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("留痕中有操作记录", result.Error + result.Output);
        Assert.Equal(0, Support.Cli.Run(db.Folder, ["user", "delete", "--name", "idle", .. db.CliArguments]).ExitCode);
        Assert.Equal(0, Support.Cli.Run(db.Folder, ["user", "disable", "--name", "worker", .. db.CliArguments]).ExitCode);
        Assert.Equal(SignInResult.Wrong, users.SignIn("worker", Right, DateTime.UtcNow).Result);
        Assert.Equal(0, Support.Cli.Run(db.Folder, ["user", "enable", "--name", "worker", .. db.CliArguments]).ExitCode);
        Assert.Equal(SignInResult.Ok, users.SignIn("worker", Right, DateTime.UtcNow).Result);
        var missing = Support.Cli.Run(db.Folder, ["user", "disable", "--name", "nobody", .. db.CliArguments]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("没有用户“nobody”", missing.Error + missing.Output);

        using var check = db.Store.CreateContext();
        Assert.False(check.Users.Any(u => u.UserName == "idle"));
        var trace = check.AuditEntries.AsNoTracking().Where(a => a.Entity == "用户").Select(a => a.Summary).ToList();
        Assert.Contains("删除用户idle（从未操作）", trace);
        Assert.Contains(trace, s => s.StartsWith("停用用户worker"));
        Assert.Contains("启用用户worker", trace);
    }
}
