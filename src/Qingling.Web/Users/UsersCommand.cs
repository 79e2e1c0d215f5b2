using System.CommandLine;
using Qingling.Core.Users;
using Qingling.Web.Cli;

namespace Qingling.Web.Users;

/// <summary>`qingling user add|reset|list`: accounts, from the command line (a real install's first administrator too).</summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "用户名", Required = true };
        var display = new Option<string>("--display") { Description = "姓名或单位", DefaultValueFactory = _ => "" };
        var role = new Option<Role>("--role")
        {
            Description = "角色：admin（镇管理员）leader（镇领导）department（部门）village（村干部、驻村工作队）auditor（审计）", Required = true,
            CustomParser = r => Enum.TryParse<Role>(r.Tokens.Count > 0 ? r.Tokens[0].Value : "", ignoreCase: true, out var v) ? v : Fail(r),
        };
        var password = new Option<string>("--password") { Description = $"密码（至少{SignInRules.MinPasswordLength}位，含字母和数字）", Required = true };
        var villages = new Option<string?>("--villages") { Description = "村干部、驻村工作队负责的村，用、分隔" };
        var department = new Option<string?>("--department") { Description = "部门工作人员所在的责任单位" };
        var unmask = new Option<bool>("--can-unmask") { Description = "可查看完整证件号码（每次留痕）" };
        var add = new Command("add", "新增账号") { name, display, role, password, villages, department, unmask };
        add.SetAction(parse =>
        {
            var u = new UserHandler(CommonOptions.Open(parse), CommonOptions.Actor).Add(parse.GetValue(name)!, parse.GetValue(display)!, parse.GetValue(role),
                parse.GetValue(password)!, parse.GetValue(villages), parse.GetValue(department), parse.GetValue(unmask));
            Console.WriteLine($"已新增账号 {u.UserName}（{User.RoleName(u.Role)}）");
            return 0;
        });

        var resetName = new Option<string>("--name") { Description = "用户名", Required = true };
        var resetPassword = new Option<string>("--password") { Description = "新密码", Required = true };
        var reset = new Command("reset", "重设密码并解除锁定") { resetName, resetPassword };
        reset.SetAction(parse =>
        {
            new UserHandler(CommonOptions.Open(parse), CommonOptions.Actor).Reset(parse.GetValue(resetName)!, parse.GetValue(resetPassword)!);
            Console.WriteLine($"已重设 {parse.GetValue(resetName)} 的密码");
            return 0;
        });

        var format = FormatOption.Create();
        var list = new Command("list", "列出账号") { format };
        list.SetAction(parse =>
        {
            var users = new UserHandler(CommonOptions.Open(parse), CommonOptions.Actor).List();
            Output.Write(users, [
                new("userName", "用户名", u => u.UserName), new("displayName", "姓名", u => u.DisplayName), new("role", "角色", u => u.Role.ToString().ToLowerInvariant(), Display: u => User.RoleName(u.Role)),
                new("scope", "范围", u => u.Villages.Length > 0 ? u.Villages : u.Department), new("canUnmask", "可看完整证件号", u => u.CanUnmask, Display: u => u.CanUnmask ? "是" : "否"),
                new("locked", "锁定至", u => u.LockedUntil is { } t && t > DateTime.UtcNow ? Web.Show.Time(t) : null),
            ], parse.GetValue(format));
            return 0;
        });
        return new Command("user", "账号：新增、重设密码、列出") { add, reset, list };
    }

    static Role Fail(System.CommandLine.Parsing.ArgumentResult r)
    {
        r.AddError("角色应为 admin、leader、department、village 或 auditor");
        return Role.Leader;
    }
}
