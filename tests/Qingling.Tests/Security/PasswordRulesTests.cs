using Qingling.Core.Users;
using Qingling.Tests.Support;
using Qingling.Web.Serve;
using Qingling.Web.Users;

namespace Qingling.Tests.Security;

/// <summary>Weak passwords are refused for new accounts and resets, with the reason in Chinese; the demo's pass.</summary>
public class PasswordRulesTests
{
    [Theory]
    [InlineData("password12", "常见")]
    [InlineData("Password2023", "常见")]
    [InlineData("2023admin!!", "常见")]
    [InlineData("woaini1314", "常见")]
    [InlineData("aaaaaaaaa1", "重复")]
    [InlineData("1a1a1a1a1a1a", "重复")]
    [InlineData("abc1234567", "简单")]
    [InlineData("qwertyuiop1", "常见")]
    [InlineData("abcdefghij12", "连续")]
    [InlineData("Xiaoming88", "用户名")]
    [InlineData("short1a", "至少10位")]
    [InlineData("onlyletterslong", "字母和数字")]
    public void Weak_passwords_are_refused_with_the_reason(string password, string reason)
    {
        var problem = PasswordRules.Problem(password, "xiaoming");
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("Chaye2023shou")]
    [InlineData("mangLai-7cun-2024")]
    [InlineData("Tea9leaf3hill")]
    public void Ordinary_good_passwords_pass(string password) => Assert.Null(PasswordRules.Problem(password, "xiaoming"));

    [Fact]
    public void The_demo_accounts_passwords_pass()
    {
        foreach (var a in ServeCommand.DemoAccounts) Assert.Null(PasswordRules.Problem(a.Password, a.Name));
    }

    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void Adding_or_resetting_with_a_weak_password_is_refused(string provider)
    {
        using var db = new TestDatabase(provider);
        var users = new UserHandler(db.Store, "测试");
        Assert.Contains("常见", Assert.Throws<InvalidOperationException>(() => users.Add("weak", "弱密码", Role.Leader, "password12")).Message);
        users.Add("weak", "弱密码", Role.Leader, "Chaye2023shou");
        Assert.Contains("重复", Assert.Throws<InvalidOperationException>(() => users.Reset("weak", "aaaaaaaaa1")).Message);
        Assert.Contains("用户名", Assert.Throws<InvalidOperationException>(() => users.Reset("weak", "Weak2023tea9")).Message);
    }

    [Fact]
    public void The_command_line_refuses_a_weak_password_with_a_non_zero_exit()
    {
        using var db = new TestDatabase(TestDatabase.Sqlite);
        var result = Support.Cli.Run(db.Folder, ["user", "add", "--name", "weak", "--role", "leader", "--password", "password12", .. db.CliArguments]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("常见", result.Error + result.Output);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
