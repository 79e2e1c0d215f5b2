using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Qingling.Data.Database;

namespace Qingling.Tests.Operations;

/// <summary>`qingling migrate`: lists applied and pending migrations, applies the pending ones and names them.</summary>
public class MigrateCommandTests
{
    [Fact]
    public void Migrate_lists_and_applies_what_is_pending_and_says_which()
    {
        var folder = Directory.CreateTempSubdirectory("qingling-migrate-").FullName;
        try
        {
            var file = Path.Combine(folder, "old.db");
            var options = DatabaseOptions.SqliteFile(file);
            string first, latest;
            using (var db = options.CreateContext())
            {
                var all = db.Database.GetMigrations().ToList();
                Assert.True(all.Count >= 2, "there are at least two migrations to tell apart");
                (first, latest) = (all[0], all[^1]);
                // A database as the first release left it.
                db.GetService<IMigrator>().Migrate(first);
            }
            var list = Support.Cli.Run(folder, "migrate", "--list", "--db", file);
            Assert.Equal(0, list.ExitCode);
            Assert.Contains($"已应用  {first}", list.Output);
            Assert.Contains($"待应用  {latest}", list.Output);
            using (var db = options.CreateContext()) Assert.Contains(latest, db.Database.GetPendingMigrations()); // --list changed nothing

            var run = Support.Cli.Run(folder, "migrate", "--db", file);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            Assert.Contains("已应用", run.Output);
            Assert.Contains(latest, run.Output);
            using (var db = options.CreateContext()) Assert.Empty(db.Database.GetPendingMigrations());

            var again = Support.Cli.Run(folder, "migrate", "--db", file);
            Assert.Equal(0, again.ExitCode);
            Assert.Contains("没有待应用的迁移", again.Output);

            var missing = Support.Cli.Run(folder, "migrate", "--db", Path.Combine(folder, "typo.db"));
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("数据库文件不存在", missing.Error);
            Assert.False(File.Exists(Path.Combine(folder, "typo.db")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
