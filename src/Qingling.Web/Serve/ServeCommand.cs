using System.CommandLine;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Demo;
using Qingling.Web.Cli;
using Qingling.Web.Users;

namespace Qingling.Web.Serve;

/// <summary>`qingling serve`: the web application, on 127.0.0.1 by default.</summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The demo's accounts: one per role, passwords printed at start. Never created outside the demo.</summary>
    public static readonly (string Name, string Display, Role Role, string Password, string? Villages, string? Department, bool Unmask)[] DemoAccounts =
    [
        ("admin", "镇管理员（演示）", Role.Admin, "Town2023demo", null, null, true),
        ("leader", "镇领导（演示）", Role.Leader, "Head2023demo", null, null, false),
        ("nongye", "农业农村服务中心（演示）", Role.Department, "Dept2023demo", null, "镇农业农村服务中心", false),
        ("shebao", "社会保障服务中心（演示）", Role.Department, "Dept2023demo", null, "镇社会保障服务中心", false),
        ("mengyong", "勐永社区干部（演示）", Role.Village, "Village2023demo", "勐永社区", null, false),
        ("manglai", "芒来村驻村工作队（演示）", Role.Village, "Village2023demo", "芒来村", null, false),
        ("audit", "审计（演示）", Role.Auditor, "Check2023demo", null, null, false),
    ];

    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"监听地址（默认：环境变量 QINGLING_URLS，否则配置文件的 Qingling:Urls，否则 {DefaultUrls}）" };
        var demo = new Option<bool>("--demo") { Description = $"使用演示库（{Demo.DemoCommand.DefaultFile}）：没有时先建好，并建立各角色的演示账号" };
        var command = new Command("serve", "启动网页系统") { urls, demo };
        command.SetAction(parse =>
        {
            var addresses = (parse.GetValue(urls) ?? (Environment.GetEnvironmentVariable("QINGLING_URLS") is { Length: > 0 } env ? env : null)
                ?? ConfigFile.Current.Urls ?? DefaultUrls).Split(';', StringSplitOptions.RemoveEmptyEntries);
            foreach (var a in addresses)
                if (!Uri.TryCreate(a, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw new UsageException($"监听地址“{a}”无效，应形如 http://127.0.0.1:5080");
            Store store;
            if (parse.GetValue(demo))
            {
                var options = CommonOptions.Database(parse, Demo.DemoCommand.DefaultFile);
                store = CommonOptions.Open(parse, Demo.DemoCommand.DefaultFile, create: true, serving: true);
                using (var db = store.CreateContext())
                {
                    if (!db.Households.Any())
                    {
                        Console.WriteLine("正在建立演示数据库……");
                        DemoLoader.Load(store);
                    }
                }
                EnsureDemoAccounts(store);
                Console.WriteLine($"演示数据库：{options.Describe()}");
                Console.WriteLine("演示账号（用户名 / 密码 / 角色）：");
                foreach (var a in DemoAccounts)
                    Console.WriteLine($"  {a.Name,-9} {a.Password,-16} {User.RoleName(a.Role)}{((a.Villages ?? a.Department) is { } scope ? "：" + scope : "")}");
            }
            else
            {
                store = CommonOptions.Open(parse, serving: true);
                using var db = store.CreateContext();
                if (!db.Users.Any())
                    Console.WriteLine("提示：还没有任何账号。请先运行 qingling user add --name 用户名 --role admin --password 密码 建立第一个管理员。");
            }
            var app = Web.WebApp.Build(store, addresses, b => Operations.ServerSettings.Apply(b, ConfigFile.Current));
            try
            {
                app.Start();
            }
            catch (IOException e)
            {
                throw new UsageException($"无法在 {string.Join(" ", addresses)} 启动：端口已被占用或地址不可用（{e.Message.Split('\n')[0]}）");
            }
            // Said only once the server listens: before, it might still fail.
            Console.WriteLine($"清零已启动：{string.Join(" ", addresses)}（按 Ctrl+C 停止）");
            app.WaitForShutdown();
            return 0;
        });
        return command;
    }

    public static void EnsureDemoAccounts(Store store)
    {
        var users = new UserHandler(store, DemoLoader.Actor);
        var existing = users.List().Select(u => u.UserName).ToHashSet();
        foreach (var a in DemoAccounts.Where(a => !existing.Contains(a.Name)))
            users.Add(a.Name, a.Display, a.Role, a.Password, a.Villages, a.Department, a.Unmask);
    }
}
