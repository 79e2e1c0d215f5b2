using Qingling.Data.Audit;
using Qingling.Data.Security;

namespace Qingling.Data.Database;

/// <summary>An opened database with the key that protects its personal data.</summary>
public sealed class Store
{
    public DatabaseOptions Options { get; }
    public PersonalDataProtector Protector { get; }
    /// <summary>Where evidence photos are kept, outside the database (see <see cref="Photos.EvidenceFiles.DefaultFolder"/>).</summary>
    public string EvidenceFolder { get; }

    /// <summary>
    /// The folder of the key file (beside an SQLite file; the user's config folder for PostgreSQL): where files that hold
    /// personal data outside the database (an uploaded export awaiting confirmation) are kept, with the same protection as the key.
    /// </summary>
    public string DataFolder { get; }

    Store(DatabaseOptions options, PersonalDataProtector protector, string dataFolder, string evidenceFolder)
    {
        Options = options;
        Protector = protector;
        DataFolder = dataFolder;
        EvidenceFolder = evidenceFolder;
    }

    public QinglingDbContext CreateContext() => Options.CreateContext();

    /// <summary>
    /// Upgrades the schema, then loads the key. A database that has never had a key gets a new one;
    /// one that has refuses a key file whose check value does not match, so data is never written
    /// under a second key.
    /// </summary>
    public static Store Open(DatabaseOptions options, string keyFile)
    {
        options.Migrate();
        using var db = options.CreateContext();
        var check = db.Settings.Find(KeyCheckSetting);
        var masterKey = KeyFile.Load(keyFile, createIfMissing: check is null);
        var protector = new PersonalDataProtector(masterKey);
        if (check is null)
        {
            db.Settings.Add(new Setting { Key = KeyCheckSetting, Value = protector.KeyCheck() });
            db.SaveChanges();
        }
        else if (check.Value != protector.KeyCheck())
        {
            throw new InvalidOperationException($"密钥文件 {keyFile} 与数据库 {options.Describe()} 不匹配：请使用创建该数据库时的密钥文件。");
        }
        DigestKeys.Register(options, masterKey);
        using (var upgrade = options.CreateContext()) Audit.DigestUpgrade.Run(upgrade);
        return new Store(options, protector, Path.GetDirectoryName(Path.GetFullPath(keyFile))!, Photos.EvidenceFiles.DefaultFolder(options, keyFile));
    }

    public const string KeyCheckSetting = "key_check";

    /// <summary>Where the key lives by default: beside an SQLite file, or in the user's config folder for PostgreSQL.</summary>
    public static string DefaultKeyFile(DatabaseOptions options)
    {
        if (Environment.GetEnvironmentVariable("QINGLING_KEY_FILE") is { Length: > 0 } fromEnv) return fromEnv;
        if (options.Provider == DatabaseProvider.Sqlite)
            return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource + ".key";
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "qingling", "qingling.key");
    }
}
