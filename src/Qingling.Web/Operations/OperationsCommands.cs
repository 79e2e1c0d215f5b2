using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Qingling.Data.Database;
using Qingling.Web.Cli;

namespace Qingling.Web.Operations;

/// <summary>`qingling backup`, `restore` and `migrate`: what a county IT person runs around an upgrade.</summary>
public static class OperationsCommands
{
    public static Command Backup()
    {
        var output = new Option<string>("--out") { Description = "备份文件（新文件，权限 0600；不会覆盖已有文件）", Required = true };
        var command = new Command("backup", "备份 SQLite 数据库（在线一致性副本，运行中也可备份；佐证照片复制到“备份文件.evidence”目录；密钥文件不在备份中）") { output };
        command.SetAction(parse =>
        {
            var options = CommonOptions.Database(parse);
            if (options.Provider == DatabaseProvider.Postgres)
                throw new UsageException("PostgreSQL 数据库请用 pg_dump 备份，例如：" + PgDump(options, parse.GetValue(output)!) +
                    "；恢复用 pg_restore -d 库名 备份文件。密钥文件 " + CommonOptions.KeyFilePath(parse, options) + " 须另行备份。"
                    + "佐证照片目录 " + Data.Photos.EvidenceFiles.DefaultFolder(options, CommonOptions.KeyFilePath(parse, options)) + " 也须另行备份（如 rsync -a 或 tar）。");
            CommonOptions.RequireFile(options);
            var size = SqliteBackup.Backup(options, parse.GetValue(output)!);
            var key = CommonOptions.KeyFilePath(parse, options);
            Console.WriteLine($"已备份：{options.Describe()} → {Path.GetFullPath(parse.GetValue(output)!)}（{size / 1024.0 / 1024.0:0.0} MB）");
            // Evidence photos live outside the database: copied beside the backup as BACKUP.evidence, where restore looks.
            var photos = Data.Photos.EvidenceFiles.DefaultFolder(options, key);
            var (count, bytes) = Data.Photos.EvidenceFolderCopy.Copy(photos, Path.GetFullPath(parse.GetValue(output)!) + ".evidence");
            if (count > 0) Console.WriteLine($"佐证照片：{count} 个文件（{bytes / 1024.0 / 1024.0:0.0} MB）→ {Path.GetFullPath(parse.GetValue(output)!)}.evidence");
            Console.WriteLine($"密钥文件不在备份中：{key}{(File.Exists(key) ? "" : "（该文件不存在！）")}");
            Console.WriteLine("请另行备份密钥文件并与数据备份分开保存：没有它，备份中的证件号码无法读取。");
            return 0;
        });
        return command;
    }

    static string PgDump(DatabaseOptions options, string file)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        return $"pg_dump -Fc -h {b.Host} -p {b.Port} -U {b.Username} -d {b.Database} -f {file}";
    }

    public static Command Restore()
    {
        var from = new Option<string>("--from") { Description = "备份文件（qingling backup 生成）", Required = true };
        var replace = new Option<bool>("--replace") { Description = "覆盖已存在的目标数据库（请先停止服务）" };
        var command = new Command("restore", "从备份恢复 SQLite 数据库到 --db 指定的文件；密钥文件须与备份匹配") { from, replace };
        command.SetAction(parse =>
        {
            var options = CommonOptions.Database(parse);
            if (options.Provider == DatabaseProvider.Postgres)
                throw new UsageException("restore 只用于 SQLite；PostgreSQL 请用 pg_restore 恢复 pg_dump 的备份。");
            if (parse.GetValue(CommonOptions.Db) is null)
                throw new UsageException("请用 --db 指定恢复到哪个数据库文件");
            CommonOptions.RequireFile(options, create: true);
            var key = CommonOptions.KeyFilePath(parse, options);
            var contents = SqliteBackup.Restore(parse.GetValue(from)!, options, key, parse.GetValue(replace));
            Console.WriteLine($"已恢复：{Path.GetFullPath(parse.GetValue(from)!)} → {options.Describe()}（迁移 {contents.Migrations.Count} 个，最新 {contents.Migrations.LastOrDefault()}）");
            var (count, _) = Data.Photos.EvidenceFolderCopy.Copy(Path.GetFullPath(parse.GetValue(from)!) + ".evidence", Data.Photos.EvidenceFiles.DefaultFolder(options, key));
            if (count > 0) Console.WriteLine($"佐证照片：恢复 {count} 个文件 → {Data.Photos.EvidenceFiles.DefaultFolder(options, key)}");
            Console.WriteLine($"密钥文件：{key}（与备份匹配）");
            return 0;
        });
        return command;
    }

    public static Command Migrate()
    {
        var list = new Option<bool>("--list") { Description = "只列出已应用和待应用的迁移，不改数据库" };
        var command = new Command("migrate", "把数据库结构升级到本程序的版本（每个命令启动时也会自动升级）") { list };
        command.SetAction(parse =>
        {
            var options = CommonOptions.Database(parse);
            CommonOptions.RequireFile(options);
            List<string> applied, pending;
            using (var db = options.CreateContext())
            {
                applied = [.. db.Database.GetAppliedMigrations()];
                pending = [.. db.Database.GetPendingMigrations()];
            }
            if (parse.GetValue(list))
            {
                Console.WriteLine($"数据库：{options.Describe()}");
                foreach (var m in applied) Console.WriteLine($"  已应用  {m}");
                foreach (var m in pending) Console.WriteLine($"  待应用  {m}");
                Console.WriteLine(pending.Count == 0 ? "数据库已是最新。" : $"有 {pending.Count} 个待应用的迁移：运行 qingling migrate（先用 qingling backup 备份）。");
                return 0;
            }
            // Store.Open migrates (EF takes its migration lock, so two starts do not both upgrade) and checks the key.
            Store.Open(options, CommonOptions.KeyFilePath(parse, options));
            if (pending.Count == 0) Console.WriteLine($"数据库已是最新，没有待应用的迁移：{options.Describe()}");
            else
            {
                Console.WriteLine($"已应用 {pending.Count} 个迁移到 {options.Describe()}：");
                foreach (var m in pending) Console.WriteLine($"  {m}");
            }
            return 0;
        });
        return command;
    }
}
