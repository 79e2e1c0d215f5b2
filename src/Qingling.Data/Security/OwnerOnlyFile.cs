namespace Qingling.Data.Security;

/// <summary>
/// Creates files readable and writable by their owner alone (0600) from the first byte: the database and its key hold
/// personal data, and the usual umask would leave them readable by every account on the machine.
/// </summary>
public static class OwnerOnlyFile
{
    const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes a new file; fails if it exists, so a file planted beforehand with other permissions is never reused.</summary>
    public static void Create(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerReadWrite;
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
    }

    /// <summary>
    /// Creates an empty SQLite database file when none exists. SQLite gives its -wal and -shm files the database file's
    /// permissions, so they follow.
    /// </summary>
    public static void EnsureSqliteFile(string path)
    {
        if (path.Length == 0 || path == ":memory:" || File.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try { Create(path, ""); }
        catch (IOException) when (File.Exists(path)) { /* created meanwhile by another process: SQLite opens it as it is */ }
    }
}
