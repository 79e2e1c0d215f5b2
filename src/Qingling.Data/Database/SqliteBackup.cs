using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Qingling.Data.Security;

namespace Qingling.Data.Database;

/// <summary>
/// Backup and restore of a township's SQLite file with SQLite's online backup API: the copy is one consistent
/// snapshot even while the web application reads and writes. The key file is never put in the backup: a stolen
/// backup without the key does not reveal ID numbers, so the key is kept (and backed up) apart.
/// </summary>
public static class SqliteBackup
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Copies the database to <paramref name="outFile"/> (a new file, owner-only). Returns its size in bytes.</summary>
    public static long Backup(DatabaseOptions source, string outFile)
    {
        var from = FileOf(source);
        if (!File.Exists(from)) throw new FileNotFoundException($"数据库文件不存在：{from}", from);
        var target = Path.GetFullPath(outFile);
        if (File.Exists(target)) throw new InvalidOperationException($"备份文件已存在：{target}。请换一个文件名（例如带上日期），不会覆盖已有的备份。");
        if (!Directory.Exists(Path.GetDirectoryName(target))) throw new DirectoryNotFoundException($"备份所在的文件夹不存在：{Path.GetDirectoryName(target)}");
        // Not migrated, not even opened through EF: the backup taken before an upgrade must be the old schema.
        var partial = target + ".partial";
        Delete(partial);
        try
        {
            CreateOwnerOnly(partial);
            using (var src = Open(from, SqliteOpenMode.ReadOnly))
            using (var dst = Open(partial, SqliteOpenMode.ReadWrite))
            {
                src.BackupDatabase(dst);
                // The copy is one self-contained file: no WAL beside it to forget when it is moved.
                Execute(dst, "PRAGMA journal_mode=DELETE;");
                var check = Scalar(dst, "PRAGMA quick_check;");
                if (check != "ok") throw new InvalidDataException($"备份校验失败（{check}）：{target} 未写入。");
            }
            File.Move(partial, target);
        }
        finally
        {
            Delete(partial);
            Delete(partial + "-journal");
        }
        return new FileInfo(target).Length;
    }

    /// <summary>What a backup file holds, read without changing it.</summary>
    public sealed record Contents(IReadOnlyList<string> Migrations, string? KeyCheck);

    /// <summary>Checks that <paramref name="file"/> is a Qingling database (it has the migrations table) and reads its key check.</summary>
    public static Contents Inspect(string file)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw new FileNotFoundException($"备份文件不存在：{path}", path);
        try
        {
            using var c = Open(path, SqliteOpenMode.ReadOnly);
            if (Scalar(c, "SELECT name FROM sqlite_master WHERE type='table' AND name='__EFMigrationsHistory';") is null)
                throw new InvalidDataException($"{path} 不是清零数据库的备份：没有迁移记录表（__EFMigrationsHistory）。");
            var migrations = new List<string>();
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT * FROM __EFMigrationsHistory ORDER BY 1;";
                using var r = cmd.ExecuteReader();
                while (r.Read()) migrations.Add(r.GetString(0));
            }
            var hasSettings = Scalar(c, "SELECT name FROM sqlite_master WHERE type='table' AND name='settings';") is not null;
            var check = hasSettings ? Scalar(c, "SELECT value FROM settings WHERE key='key_check';") : null;
            return new Contents(migrations, check);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 26)
        {
            throw new InvalidDataException($"{path} 不是 SQLite 数据库文件，无法恢复。");
        }
    }

    /// <summary>
    /// Restores <paramref name="backupFile"/> into <paramref name="target"/>. Refuses an existing target unless
    /// <paramref name="replace"/>, a file that is not a Qingling database, one from a newer version of the program, and a
    /// key file that is not the one the backup's data was encrypted with: restoring data nobody can read helps no one.
    /// </summary>
    public static Contents Restore(string backupFile, DatabaseOptions target, string keyFile, bool replace)
    {
        var contents = Inspect(backupFile);
        var to = FileOf(target);
        if (File.Exists(to) && !replace)
            throw new InvalidOperationException($"目标数据库已存在：{to}。确需用备份覆盖它，请先停止 qingling 服务，再加 --replace。");
        if (!Directory.Exists(Path.GetDirectoryName(to))) throw new DirectoryNotFoundException($"目标数据库所在的文件夹不存在：{Path.GetDirectoryName(to)}");
        using (var db = target.CreateContext())
        {
            var known = db.Database.GetMigrations().ToHashSet();
            var unknown = contents.Migrations.Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
                throw new InvalidOperationException($"备份来自更新版本的清零（含本程序不认识的迁移 {string.Join("、", unknown)}）：请用同一版本或更新版本的程序恢复。");
        }
        if (contents.KeyCheck is null) throw new InvalidDataException($"{Path.GetFullPath(backupFile)} 中没有密钥校验值，不是完整的清零数据库备份。");
        if (!File.Exists(keyFile))
            throw new FileNotFoundException($"找不到密钥文件 {keyFile}：备份不含密钥。请把另行备份的密钥文件放到该位置，或用 --key-file 指定。", keyFile);
        if (new PersonalDataProtector(KeyFile.Load(keyFile, createIfMissing: false)).KeyCheck() != contents.KeyCheck)
            throw new InvalidOperationException($"密钥文件 {keyFile} 与备份 {Path.GetFullPath(backupFile)} 不匹配：请使用备份时那个数据库的密钥文件。");

        if (!File.Exists(to)) CreateOwnerOnly(to);
        using (var src = Open(Path.GetFullPath(backupFile), SqliteOpenMode.ReadOnly))
        using (var dst = Open(to, SqliteOpenMode.ReadWrite))
        {
            // Into the open target, not by moving files: SQLite then also drops the old file's WAL instead of
            // replaying it over the restored pages.
            src.BackupDatabase(dst);
            Execute(dst, "PRAGMA journal_mode=WAL;");
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(to, OwnerOnly);
        return contents;
    }

    static string FileOf(DatabaseOptions options)
    {
        if (options.Provider != DatabaseProvider.Sqlite)
            throw new InvalidOperationException("备份与恢复命令只用于 SQLite 数据库文件；PostgreSQL 请用 pg_dump / pg_restore（见 README“部署与运维”）。");
        return new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
    }

    static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ConnectionString);
        c.Open();
        return c;
    }

    static void CreateOwnerOnly(string file)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using var _ = new FileStream(file, options);
    }

    static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    static string? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar()?.ToString();
    }

    static void Delete(string file)
    {
        if (File.Exists(file)) File.Delete(file);
    }
}
