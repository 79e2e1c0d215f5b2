using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Qingling.Core.Users;
using Qingling.Tests.Support;

namespace Qingling.Tests.Operations;

/// <summary>
/// A database as the first release left it, holding a household, its members, a member who had left, a year's income
/// and a user, upgraded to the current schema on each engine: the figures of the imported year stay, and the user signs in.
/// </summary>
public class UpgradeWithDataTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void A_first_release_database_with_data_upgrades_and_keeps_its_figures(string provider)
    {
        using var database = new TestDatabase(provider, open: false);
        using (var db = database.Options.CreateContext())
        {
            var first = db.Database.GetMigrations().First();
            db.GetService<IMigrator>().Migrate(first);
            FirstReleaseData(db);
        }

        // Opening the store applies every later migration, as `qingling migrate` or any command does.
        var store = Qingling.Data.Database.Store.Open(database.Options, database.KeyFile);
        using (var db = store.CreateContext())
        {
            Assert.Empty(db.Database.GetPendingMigrations());
            var members = db.Members.AsNoTracking().OrderBy(m => m.Id).ToList();
            Assert.Equal([1980, 1982, 2015, 1950], members.Select(m => m.BirthYear));
            // The old mask showed the birth date; the new one hides it, stored value included.
            Assert.All(members, m => Assert.Equal("990401***********3", m.IdMasked));
            // The register becomes the facts of the latest imported year; the member who had left is in none.
            Assert.Equal([(1L, 2022)], db.HouseholdYears.AsNoTracking().Select(f => new { f.HouseholdId, f.Year }).AsEnumerable().Select(f => (f.HouseholdId, f.Year)));
            Assert.Equal([15_000m, 6_000m, 2_000m, 1_000m], db.IncomeEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Amount).AsEnumerable());
            Assert.Equal([1L, 2L, 3L], db.MemberYears.AsNoTracking().Where(f => f.Year == 2022).Select(f => f.MemberId).OrderBy(i => i));
            // PostgreSQL's kept sums are filled from the rows the upgrade found (the figures below read them there).
            Assert.Empty(KeptSumsCheck.Drift(db));
        }

        // The year's figures read as before: 3 persons, (15,000 + 6,000 − 2,000 + 1,000) / 3 = 6,666.67, under the line.
        var targets = Support.Cli.Run(database.Folder, ["targets", "--year", "2022", "--format", "json", .. database.CliArguments]);
        Assert.True(targets.ExitCode == 0, targets.Output + targets.Error);
        var row = Assert.Single(JsonDocument.Parse(targets.Output).RootElement.EnumerateArray());
        Assert.Equal("990401000001", row.GetProperty("householdCode").GetString());
        Assert.Equal(3, row.GetProperty("persons").GetInt32());
        Assert.Equal(6_666.67m, row.GetProperty("perCapitaNetIncome").GetDecimal());

        // The first release's user signs in with the old password.
        var (result, _) = new Qingling.Web.Users.UserHandler(store, "upgrade").SignIn("olduser", "Old2022password", DateTime.UtcNow);
        Assert.Equal(Qingling.Web.Users.UserHandler.SignInResult.Ok, result);
    }

    /// <summary>Rows written with the first release's columns, by plain SQL, so nothing of today's model fills them in.</summary>
    static void FirstReleaseData(DbContext db)
    {
        var at = new DateTime(2023, 1, 15, 8, 0, 0, DateTimeKind.Utc);
        void Sql(string sql, params object[] values) => db.Database.ExecuteSqlRaw(sql, values);
        Sql("INSERT INTO regions (id, parent_id, level, name, code) VALUES (1, NULL, 4, '勐永镇', '990401000000')");
        Sql("INSERT INTO regions (id, parent_id, level, name, code) VALUES (2, 1, 5, '芒见村', '990401001000')");
        Sql("""
            INSERT INTO import_batches (id, file_name, sha256, year, actor, started_at, finished_at, rows, households_added, households_updated,
              members_added, members_updated, members_left, income_households_changed, income_entries_added, warnings)
            VALUES (1, '2022.csv', 'abc', 2022, 'admin', {0}, {0}, 4, 1, 0, 4, 0, 1, 1, 4, 0)
            """, at);
        Sql("INSERT INTO households (id, code, village_id, group_name, type, risks, import_batch_id) VALUES (1, '990401000001', 2, '一组', 1, '', 1)");
        var cipher = new byte[] { 1, 2, 3 };
        var members = new (int Id, string Name, string Relation, DateOnly Born, int Labour, DateOnly? Left)[]
        {
            (1, "岩甲", "户主", new DateOnly(1980, 3, 4), 1, null),
            (2, "玉乙", "配偶", new DateOnly(1982, 5, 6), 1, null),
            (3, "岩丙", "之子", new DateOnly(2015, 7, 8), 5, null),
            (4, "岩丁", "之父", new DateOnly(1950, 1, 2), 5, new DateOnly(2022, 6, 1)),
        };
        foreach (var m in members)
        {
            Sql("""
                INSERT INTO members (id, household_id, name, id_cipher, id_hash, id_masked, relation_to_head, sex, birth_date, labour, import_batch_id)
                VALUES ({0}, 1, {1}, {2}, {3}, {4}, {5}, 1, {6}, {7}, 1)
                """, m.Id, m.Name, cipher, new byte[] { (byte)m.Id }, "990401" + m.Born.ToString("yyyyMMdd") + "***3", m.Relation, m.Born, m.Labour);
            if (m.Left is { } left) Sql("UPDATE members SET left_on = {0} WHERE id = {1}", left, m.Id);
        }
        // SQLite holds money as whole fen (exact sums), PostgreSQL as numeric yuan; both since the first release.
        var fen = db.Database.ProviderName!.Contains("Sqlite");
        foreach (var (category, yuan) in new[] { (1, 15_000m), (2, 6_000m), (5, 2_000m), (4, 1_000m) })
            Sql("""
                INSERT INTO income_entries (household_id, year, category, subcategory, amount, source, source_file, source_row, recorded_by, recorded_at, import_batch_id)
                VALUES (1, 2022, {0}, '', {1}, 1, '2022.csv', 2, 'admin', {2}, 1)
                """, category, fen ? (object)(long)(yuan * 100) : yuan, at);
        var hash = new PasswordHasher<User>().HashPassword(new User(), "Old2022password");
        Sql("""
            INSERT INTO users (user_name, display_name, password_hash, role, villages, can_unmask, failed_sign_ins, disabled, created_at)
            VALUES ('olduser', '老用户', {0}, 1, '', {1}, 0, {1}, {2})
            """, hash, false, at);
    }
}
