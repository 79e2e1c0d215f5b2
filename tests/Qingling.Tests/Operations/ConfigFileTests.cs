using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Qingling.Data.Database;
using Qingling.Tests.Support;
using Qingling.Web.Cli;
using Qingling.Web.Operations;
using Qingling.Web.Web;

namespace Qingling.Tests.Operations;

/// <summary>
/// The configuration file (QINGLING_CONFIG or /etc/qingling/qingling.json) is the lowest layer: the command line wins over
/// the environment, the environment over the file, the file over the built-in defaults.
/// </summary>
public class ConfigFileTests
{
    static void Add(Store store, string user) =>
        new Qingling.Web.Users.UserHandler(store, "测试").Add(user, user, Core.Users.Role.Leader, "Config2023pass", null, null, false);

    static void Refused(Support.Cli.Result r, string fragment)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}, expected 2: {r.Output}{r.Error}");
        Assert.Contains(fragment, r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void The_command_line_wins_over_the_environment_which_wins_over_the_file()
    {
        var root = Directory.CreateTempSubdirectory("qingling-config-").FullName;
        try
        {
            foreach (var d in new[] { "etc", "data", "keys", "work" }) Directory.CreateDirectory(Path.Combine(root, d));
            var townKey = Path.Combine(root, "keys", "town.key");
            Add(Store.Open(DatabaseOptions.SqliteFile(Path.Combine(root, "data", "town.db")), townKey), "fromfile");
            var other = Path.Combine(root, "work", "other.db");
            Add(Store.Open(DatabaseOptions.SqliteFile(other), other + ".key"), "fromcli");
            var config = Path.Combine(root, "etc", "qingling.json");
            File.WriteAllText(config, """
                {
                  // Paths are read against this file's folder.
                  "Qingling": {
                    "Database": "../data/town.db",
                    "KeyFile": "../keys/town.key",
                    "Urls": "notaurl-from-file",
                    "UploadLimitMB": 7,
                  }
                }
                """);
            var work = Path.Combine(root, "work");
            Dictionary<string, string?> Env(params (string, string?)[] vars)
            {
                var env = new Dictionary<string, string?> { ["QINGLING_CONFIG"] = config, ["QINGLING_KEY_FILE"] = null, ["QINGLING_URLS"] = null };
                foreach (var (k, v) in vars) env[k] = v;
                return env;
            }

            // The file alone: its database and its key, from another working directory.
            var fromFile = Support.Cli.RunWith(Env(), work, "user", "list");
            Assert.True(fromFile.ExitCode == 0, fromFile.Error);
            Assert.Contains("fromfile", fromFile.Output);
            // --db wins; the file's key belongs to the file's database, so the other database keeps its own key.
            var fromCli = Support.Cli.RunWith(Env(), work, "user", "list", "--db", other);
            Assert.True(fromCli.ExitCode == 0, fromCli.Error);
            Assert.Contains("fromcli", fromCli.Output);
            Assert.DoesNotContain("fromfile", fromCli.Output);
            // QINGLING_KEY_FILE wins over the file's KeyFile (here the wrong key, so it is refused) …
            Refused(Support.Cli.RunWith(Env(("QINGLING_KEY_FILE", other + ".key")), work, "user", "list"), "不匹配");
            // … and --key-file over QINGLING_KEY_FILE.
            Assert.Equal(0, Support.Cli.RunWith(Env(("QINGLING_KEY_FILE", other + ".key")), work, "user", "list", "--key-file", townKey).ExitCode);

            // The listening address: file, then environment, then command line.
            Refused(Support.Cli.RunWith(Env(), work, "serve"), "notaurl-from-file");
            Refused(Support.Cli.RunWith(Env(("QINGLING_URLS", "notaurl-from-env")), work, "serve"), "notaurl-from-env");
            Refused(Support.Cli.RunWith(Env(("QINGLING_URLS", "notaurl-from-env")), work, "serve", "--urls", "notaurl-from-cli"), "notaurl-from-cli");

            // A broken or missing file is named, not ignored.
            var broken = Path.Combine(root, "etc", "broken.json");
            File.WriteAllText(broken, "{\n  \"Qingling\": {\n    \"Database\": \n  }\n}");
            Refused(Support.Cli.RunWith(Env(("QINGLING_CONFIG", broken)), work, "user", "list"), $"配置文件 {broken} 第");
            Refused(Support.Cli.RunWith(Env(("QINGLING_CONFIG", Path.Combine(root, "etc", "none.json"))), work, "user", "list"), "配置文件不存在");
            File.WriteAllText(broken, """{"Qingling": {"Database": "a.db", "Connection": "Host=x"}}""");
            Refused(Support.Cli.RunWith(Env(("QINGLING_CONFIG", broken)), work, "user", "list"), "只能写一个");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    static async Task<string> LoginRedirect(WebApplication app, IPAddress from)
    {
        var context = await app.GetTestServer().SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.9";
            c.Connection.RemoteIpAddress = from;
        });
        Assert.Equal(302, context.Response.StatusCode);
        return context.Response.Headers.Location.ToString();
    }

    [Fact]
    public async Task Forwarded_headers_are_believed_only_when_configured_and_only_from_the_proxy()
    {
        using var db = new TestDatabase(TestDatabase.Sqlite);
        var file = Path.Combine(db.Folder, "qingling.json");
        File.WriteAllText(file, """{"Qingling": {"ForwardedHeaders": true, "UploadLimitMB": 7}}""");
        var config = ConfigFile.Load(file);

        await using (var plain = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer()))
        {
            await plain.StartAsync();
            // Without the setting only this machine (a proxy on it) is believed, as the web application's own rule says.
            Assert.StartsWith("http://", await LoginRedirect(plain, IPAddress.Parse("192.0.2.7")));
            await plain.StopAsync();
        }
        await using var proxied = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => { b.WebHost.UseTestServer(); ServerSettings.Apply(b, config); });
        await proxied.StartAsync();
        Assert.StartsWith("https://", await LoginRedirect(proxied, IPAddress.Loopback));
        // Someone else on the network cannot claim https.
        Assert.StartsWith("http://", await LoginRedirect(proxied, IPAddress.Parse("192.0.2.7")));
        // The file is the web application's configuration too.
        Assert.Equal("7", proxied.Configuration["Qingling:UploadLimitMB"]);
        await proxied.StopAsync();
    }

    [Fact]
    public async Task The_log_folder_gets_one_JSON_line_per_request_without_the_query()
    {
        using var db = new TestDatabase(TestDatabase.Sqlite);
        new Qingling.Web.Users.UserHandler(db.Store, "测试").Add("admin", "管理员", Core.Users.Role.Admin, "Zhenguan2023kx", null, null, false);
        var logs = Path.Combine(db.Folder, "logs");
        var file = Path.Combine(db.Folder, "qingling.json");
        File.WriteAllText(file, """{"Qingling": {"LogFolder": "logs"}}""");
        await using var app = WebApp.Build(db.Store, ["http://127.0.0.1:0"], b => { b.WebHost.UseTestServer(); ServerSettings.Apply(b, ConfigFile.Load(file)); });
        await app.StartAsync();
        var handler = new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        await Web.WebFixture.SignIn(client, "admin", "Zhenguan2023kx");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz?name=岩明")).StatusCode);
        await app.StopAsync();

        var lines = Directory.GetFiles(logs).SelectMany(File.ReadAllLines).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("route").GetString() == "/Account/Login" && l.GetProperty("method").GetString() == "POST");
        var health = Assert.Single(lines, l => l.GetProperty("route").GetString() == "/healthz");
        Assert.Equal(200, health.GetProperty("status").GetInt32());
        Assert.Equal("admin", health.GetProperty("user").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("requestId").GetString()));
        Assert.True(health.TryGetProperty("durationMs", out _));
        Assert.DoesNotContain(Directory.GetFiles(logs).Select(File.ReadAllText), t => t.Contains("岩明") || t.Contains("%E5"));
    }

    [Fact]
    public void The_example_configuration_in_deploy_reads_as_documented()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "deploy", "qingling.json"))) folder = folder.Parent ?? throw new DirectoryNotFoundException("deploy/");
        var config = ConfigFile.Load(Path.Combine(folder.FullName, "deploy", "qingling.json"));
        Assert.Equal("/var/lib/qingling/qingling.db", config.Database);
        Assert.Null(config.Connection);
        Assert.Equal("/var/lib/qingling/keys/qingling.key", config.KeyFile);
        Assert.Equal("http://127.0.0.1:5080", config.Urls);
        Assert.True(config.ForwardedHeaders);
        Assert.Equal(["127.0.0.1"], config.KnownProxies);
        Assert.Equal("/var/log/qingling", config.LogFolder);
    }
}
