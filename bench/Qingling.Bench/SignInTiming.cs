using System.Diagnostics;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Web.Users;

/// <summary>
/// How long a refused sign-in takes for a wrong password, an unknown name, a locked and a disabled account: they must be
/// alike, or the time tells an outsider which names exist. Measured on the sign-in check itself (the HTTP round trip adds
/// the same to each), on a fresh SQLite file.
/// </summary>
static class SignInTiming
{
    public static int Run(int rounds)
    {
        var folder = Directory.CreateTempSubdirectory("qingling-signin-").FullName;
        try
        {
            var store = Store.Open(DatabaseOptions.SqliteFile(Path.Combine(folder, "b.db")), Path.Combine(folder, "b.key"));
            var users = new UserHandler(store, "bench");
            const string password = "Chaye2023shou";
            users.Add("known", "存在的账号", Role.Leader, password);
            users.Add("locked", "锁定的账号", Role.Leader, password);
            users.Add("off", "停用的账号", Role.Leader, password);
            users.SetDisabled("off", true);
            var now = DateTime.UtcNow;
            for (var i = 0; i < SignInRules.MaxFailures; i++) users.SignIn("locked", "wrong-Pass-1", now);
            users.SignIn("known", password, now); // warm up

            var cases = new (string Label, string Name, string Password)[]
            {
                ("wrong password", "known", "wrong-Pass-1"), ("unknown name", "nobody", "wrong-Pass-1"),
                ("locked account", "locked", password), ("disabled account", "off", password),
            };
            // Round robin, so a change in the machine's load falls on every case alike.
            var times = cases.Select(_ => new List<double>()).ToArray();
            for (var i = 0; i < rounds; i++)
            {
                for (var c = 0; c < cases.Length; c++)
                {
                    var (label, name, tried) = cases[c];
                    var clock = Stopwatch.StartNew();
                    var result = users.SignIn(name, tried, now).Result;
                    clock.Stop();
                    if (result == UserHandler.SignInResult.Ok) throw new InvalidOperationException(label + " signed in");
                    if (name == "known") users.SignIn(name, password, now); // resets the count, untimed, so the account never locks
                    times[c].Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            Console.WriteLine("| refused because | median | p90 |");
            Console.WriteLine("| --- | --- | --- |");
            for (var c = 0; c < cases.Length; c++)
            {
                var sorted = times[c].Order().ToList();
                Console.WriteLine($"| {cases[c].Label} | {sorted[sorted.Count / 2]:0} ms | {sorted[(int)(sorted.Count * 0.9)]:0} ms |");
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

}
