using System.Text;
using Microsoft.EntityFrameworkCore;
using Qingling.Data.Database;
using Qingling.Data.Import;
using Qingling.Tests.Support;

namespace Qingling.Tests.Security;

public class PersonalDataTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void ID_numbers_are_encrypted_at_rest_found_by_keyed_hash_and_masked(string provider)
    {
        using var db = new TestDatabase(provider);
        var b = ExportBuilder.FromTown(3);
        new ImportHandler(db.Store).Run(b.WriteCsv(Path.Combine(db.Folder, "t.csv")), new ImportOptions(2022));
        var id = b.Get(0, "证件号码");
        using var c = db.Store.CreateContext();
        var hash = db.Store.Protector.Hash(id);
        var member = c.Members.AsNoTracking().Single(m => m.IdHash == hash);
        Assert.Equal(id, db.Store.Protector.Decrypt(member.IdCipher));
        Assert.Equal(id[..6] + "***********" + id[^1..], member.IdMasked);
        if (provider == TestDatabase.Sqlite)
        {
            c.Database.CloseConnection();
            SqliteConnectionPoolClear();
            foreach (var path in Directory.GetFiles(db.Folder, "test.db*"))
                Assert.Equal(-1, File.ReadAllBytes(path).AsSpan().IndexOf(Encoding.UTF8.GetBytes(id)));
        }
    }

    static void SqliteConnectionPoolClear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    [Theory, MemberData(nameof(Providers))]
    public void Another_key_file_is_refused(string provider)
    {
        using var db = new TestDatabase(provider);
        var other = Path.Combine(db.Folder, "other.key");
        Assert.Contains("找不到密钥文件", Assert.Throws<FileNotFoundException>(() => Store.Open(db.Store.Options, other)).Message);
        Qingling.Data.Security.KeyFile.Load(other, createIfMissing: true);
        Assert.Contains("不匹配", Assert.Throws<InvalidOperationException>(() => Store.Open(db.Store.Options, other)).Message);
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_trace_is_append_only(string provider)
    {
        using var db = new TestDatabase(provider);
        new ImportHandler(db.Store).Run(ExportBuilder.FromTown(2).WriteCsv(Path.Combine(db.Folder, "t.csv")), new ImportOptions(2022));
        using var c = db.Store.CreateContext();
        Assert.Equal(1, c.AuditEntries.Count());
        Assert.ThrowsAny<Exception>(() => c.Database.ExecuteSqlRaw("UPDATE audit_entries SET actor = 'x'"));
        Assert.ThrowsAny<Exception>(() => c.Database.ExecuteSqlRaw("DELETE FROM audit_entries"));
        Assert.Equal("system", c.AuditEntries.AsNoTracking().Single().Actor);
    }
}
