using System.CommandLine;
using Qingling.Core.Demo;
using Qingling.Core.Targets;
using Qingling.Data.Database;
using Qingling.Data.Demo;
using Qingling.Data.Queries;
using Qingling.Web.Cli;

namespace Qingling.Web.Demo;

/// <summary>`qingling demo`: creates the demo town's database.</summary>
public static class DemoCommand
{
    public const string DefaultFile = "qingling-demo.db";

    public static Command Create()
    {
        var replace = new Option<bool>("--replace") { Description = "SQLite 演示库已存在时删除重建" };
        var command = new Command("demo", $"创建演示数据库：仿勐永镇的合成乡镇（默认文件 {DefaultFile}）") { replace };
        command.SetAction(parse =>
        {
            var options = CommonOptions.Database(parse, DefaultFile);
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
                // The default demo file is ours to recreate; any other file only on request.
                var ours = parse.GetValue(CommonOptions.Db) is null;
                if (File.Exists(file) && (ours || parse.GetValue(replace)))
                {
                    foreach (var f in new[] { file, file + "-wal", file + "-shm", file + ".key" }) File.Delete(f);
                }
            }
            var store = CommonOptions.Open(parse, DefaultFile, create: true);
            var result = DemoLoader.Load(store);
            using var db = store.CreateContext();
            var targets = IncomeQuery.Targets(db, DemoTown.BaseYear, new TargetRule());
            Console.WriteLine($"演示数据库已建好：{store.Options.Describe()}");
            Console.WriteLine($"  {DemoTown.BaseYear}年：{result.Batch!.HouseholdsAdded}户、{result.Batch.MembersAdded}人（导入批次#{result.Batch.Id}）；" +
                              $"{DemoTown.BaseYear + 1}年已录入1—{DemoTown.RecordedThroughMonth}月收入");
            Console.WriteLine($"  {DemoTown.BaseYear}年清零对象：{targets.Count}户{targets.Sum(t => t.Persons)}人");
            var where = parse.GetValue(CommonOptions.Connection) is null ? $" --db {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.Options.ConnectionString).DataSource}" : "";
            Console.WriteLine($"  查看：qingling targets --year {DemoTown.BaseYear}{where}；qingling progress --date {DemoPlan.AsOf:yyyy-MM-dd}{where}；网页：qingling serve --demo");
            return 0;
        });
        return command;
    }
}
