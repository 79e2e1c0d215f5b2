using System.CommandLine;
using Qingling.Core.Users;
using Qingling.Web.Cli;

namespace Qingling.Web.Users;

/// <summary>`qingling user add|change|reset|disable|enable|delete|list`: accounts, from the command line (a real install's first administrator too).</summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "用户名", Required = true };
        var display = new Option<string>("--display") { Description = "姓名或单位", DefaultValueFactory = _ => "" };
        var role = RoleOption(required: true);
        var password = new Option<string>("--password") { Description = $"密码（至少{PasswordRules.MinLength}位，含字母和数字，不能是常见密码或包含用户名）", Required = true };
        var villages = new Option<string?>("--villages") { Description = "村干部、驻村工作队负责的村，用、分隔" };
        var department = new Option<string?>("--department") { Description = "部门工作人员所在的责任单位" };
        var unmask = new Option<bool>("--can-unmask") { Description = "可查看完整证件号码（每次留痕）" };
        var region = new Option<string?>("--region") { Description = "区域账号（县、市、省乡村振兴局）的区划：名称或12位区划代码" };
        var add = new Command("add", "新增账号") { name, display, role, password, villages, department, unmask, region };
        add.SetAction(parse =>
        {
            var store = CommonOptions.Open(parse);
            if (parse.GetValue(department) is { } dept)
            {
                // A department account must name a department of a loaded plan, or its scope would be empty.
                var departments = new Qingling.Data.Plans.PlanHandler(store, CommonOptions.Actor).List()
                    .SelectMany(p => Qingling.Data.Plans.PlanJson.Parse(p.Definition, p.Key).Departments).Distinct().ToList();
                if (departments.Count > 0 && !departments.Contains(dept))
                    throw new UsageException($"没有责任单位“{dept}”。已载入方案中的责任单位有：{string.Join("、", departments)}");
            }
            var u = new UserHandler(store, CommonOptions.Actor).Add(parse.GetValue(name)!, parse.GetValue(display)!, parse.GetValue(role)!.Value,
                parse.GetValue(password)!, parse.GetValue(villages), parse.GetValue(department), parse.GetValue(unmask), parse.GetValue(region));
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

        var changeName = new Option<string>("--name") { Description = "用户名", Required = true };
        var changeRole = RoleOption(required: false);
        var changeVillages = new Option<string?>("--villages") { Description = "新的负责村，用、分隔" };
        var changeDepartment = new Option<string?>("--department") { Description = "新的责任单位" };
        var changeUnmask = new Option<bool?>("--can-unmask") { Description = "可查看完整证件号码：true 或 false" };
        var changeRegion = new Option<string?>("--region") { Description = "区域账号的新区划：名称或12位区划代码" };
        var change = new Command("change", "修改角色、范围或查看完整证件号的权限（结束其全部会话）") { changeName, changeRole, changeVillages, changeDepartment, changeUnmask, changeRegion };
        change.SetAction(parse =>
        {
            var u = new UserHandler(CommonOptions.Open(parse), CommonOptions.Actor).Change(parse.GetValue(changeName)!, parse.GetValue(changeRole),
                parse.GetValue(changeVillages), parse.GetValue(changeDepartment), parse.GetValue(changeUnmask), parse.GetValue(changeRegion));
            Console.WriteLine($"已修改 {u.UserName}：{User.RoleName(u.Role)}{(u.Villages.Length > 0 ? "，" + u.Villages : u.Department is { } d ? "，" + d : "")}；其已登录的会话均已结束");
            return 0;
        });

        Command Simple(string verb, string description, Action<UserHandler, string> act, string done)
        {
            var who = new Option<string>("--name") { Description = "用户名", Required = true };
            var command = new Command(verb, description) { who };
            command.SetAction(parse =>
            {
                act(new UserHandler(CommonOptions.Open(parse), CommonOptions.Actor), parse.GetValue(who)!);
                Console.WriteLine($"已{done} {parse.GetValue(who)}");
                return 0;
            });
            return command;
        }
        var disable = Simple("disable", "停用账号（结束其全部会话；账号保留，留痕仍可查）", (h, n) => h.SetDisabled(n, true), "停用");
        var enable = Simple("enable", "重新启用账号", (h, n) => h.SetDisabled(n, false), "启用");
        var delete = Simple("delete", "删除从未操作过的账号（有操作留痕的只能停用）", (h, n) => h.Delete(n), "删除");

        var format = FormatOption.Create();
        var list = new Command("list", "列出账号") { format };
        list.SetAction(parse =>
        {
            var users = new UserHandler(CommonOptions.Open(parse), CommonOptions.Actor).List();
            Output.Write(users, [
                new("userName", "用户名", u => u.UserName), new("displayName", "姓名", u => u.DisplayName), new("role", "角色", u => u.Role.ToString().ToLowerInvariant(), Display: u => User.RoleName(u.Role)),
                new("scope", "范围", u => u.Villages.Length > 0 ? u.Villages : u.Department), new("canUnmask", "可看完整证件号", u => u.CanUnmask, Display: u => u.CanUnmask ? "是" : "否"),
                new("locked", "锁定至", u => u.LockedUntil is { } t && t > DateTime.UtcNow ? Web.Show.Time(t) : null),
                new("disabled", "停用", u => u.Disabled, Display: u => u.Disabled ? "是" : "否"),
            ], parse.GetValue(format));
            return 0;
        });
        return new Command("user", "账号：新增、修改、重设密码、停用、启用、删除、列出") { add, change, reset, disable, enable, delete, list };
    }

    static Option<Role?> RoleOption(bool required) => new("--role")
    {
        Description = "角色：admin（镇管理员）leader（镇领导）department（部门）village（村干部、驻村工作队）auditor（审计）region（县、市、省乡村振兴局，只读）", Required = required,
        CustomParser = r => Enum.TryParse<Role>(r.Tokens.Count > 0 ? r.Tokens[0].Value : "", ignoreCase: true, out var v) ? v : Fail(r),
    };

    static Role Fail(System.CommandLine.Parsing.ArgumentResult r)
    {
        r.AddError("角色应为 admin、leader、department、village、auditor 或 region");
        return Role.Leader;
    }
}
