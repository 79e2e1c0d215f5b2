using System.Security.Cryptography;
using Qingling.Data.Database;

namespace Qingling.Data.Photos;

/// <summary>
/// The folder that holds evidence photos, outside the database: each file is named by the SHA-256 of its bytes (so the
/// same photo is stored once and a changed file no longer matches its name), under a subfolder of its first two hex
/// digits, created readable by the owner alone like the database and its key.
/// </summary>
public sealed class EvidenceFiles(string folder)
{
    public string Folder { get; } = folder;

    /// <summary>
    /// Held around "write the files, insert the rows" and "delete the row, remove the unreferenced file", so a photo
    /// uploaded again while its last row is being deleted cannot lose its file (within this process).
    /// </summary>
    public static readonly Lock Gate = new();

    /// <summary>
    /// Where photos live by default: QINGLING_EVIDENCE_DIR; beside an SQLite file as FILE.evidence; for PostgreSQL
    /// beside the key file, in evidence/DATABASE (the key's folder is the one already kept and backed up with it).
    /// </summary>
    public static string DefaultFolder(DatabaseOptions options, string keyFile)
    {
        if (Environment.GetEnvironmentVariable("QINGLING_EVIDENCE_DIR") is { Length: > 0 } fromEnv) return fromEnv;
        if (options.Provider == DatabaseProvider.Sqlite)
            return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource + ".evidence";
        var database = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString).Database ?? "qingling";
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keyFile))!, "evidence", database);
    }

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public string PathOf(string hash)
    {
        // The name comes from the database: anything but 64 hex digits is refused rather than joined into a path.
        if (hash.Length != 64 || !hash.All(Uri.IsHexDigit)) throw new ArgumentException("不是SHA-256", nameof(hash));
        return Path.Combine(Folder, hash[..2], hash);
    }

    public bool Exists(string hash) => File.Exists(PathOf(hash));

    public byte[]? Read(string hash)
    {
        var path = PathOf(hash);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Stores the bytes under their hash (0600, written to a temporary name and moved, so no half file is ever seen); true when new.</summary>
    public bool Write(byte[] bytes, string hash)
    {
        var path = PathOf(hash);
        if (File.Exists(path)) return false;
        var dir = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
        else Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temp = Path.Combine(dir, "." + hash + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(temp); return false; }
        return true;
    }

    public void Remove(string hash)
    {
        var path = PathOf(hash);
        if (File.Exists(path)) File.Delete(path);
    }
}

/// <summary>Copies a photo folder for `qingling backup` and `restore`: every file by its hash name, 0600, none overwritten.</summary>
public static class EvidenceFolderCopy
{
    /// <summary>Copies the photos of <paramref name="from"/> into <paramref name="to"/>; returns how many files and bytes were copied (0 when there is no folder).</summary>
    public static (int Files, long Bytes) Copy(string from, string to)
    {
        if (!Directory.Exists(from)) return (0, 0);
        var target = new EvidenceFiles(to);
        int files = 0;
        long bytes = 0;
        foreach (var path in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (name.Length != 64 || !name.All(Uri.IsHexDigit)) continue; // temporary files of an upload under way
            var content = File.ReadAllBytes(path);
            // A damaged file is copied under its own name too: verifying photos is not a backup's job, and losing one is worse.
            if (target.Write(content, name)) { files++; bytes += content.LongLength; }
        }
        return (files, bytes);
    }
}
