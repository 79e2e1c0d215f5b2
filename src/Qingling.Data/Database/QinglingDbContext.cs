using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Regions;
using Qingling.Data.Audit;
using Qingling.Data.Import;

namespace Qingling.Data.Database;

/// <summary>The one EF model, shared by SQLite and PostgreSQL; each provider has its own migrations assembly.</summary>
public class QinglingDbContext(DbContextOptions<QinglingDbContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<IncomeEntry> IncomeEntries => Set<IncomeEntry>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Setting> Settings => Set<Setting>();

    // import_batch_id columns are plain references, not foreign keys: a foreign key would bring an index per
    // table that no query uses and that costs a tenth of a million-row import.
    protected override void OnModelCreating(ModelBuilder b)
    {
        var sqlite = Database.IsSqlite();

        b.Entity<Region>(e =>
        {
            e.Property(r => r.Name).HasMaxLength(100);
            e.Property(r => r.Code).HasMaxLength(12);
            e.HasIndex(r => new { r.ParentId, r.Level, r.Name }).IsUnique();
            e.HasIndex(r => r.Code);
            e.HasOne<Region>().WithMany().HasForeignKey(r => r.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Household>(e =>
        {
            e.Property(h => h.Code).HasMaxLength(64);
            e.HasIndex(h => h.Code).IsUnique();
            e.HasIndex(h => h.VillageId);
            e.HasOne<Region>().WithMany().HasForeignKey(h => h.VillageId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Member>(e =>
        {
            e.HasIndex(m => m.IdHash).IsUnique();
            e.HasIndex(m => m.HouseholdId);
            e.HasOne<Household>().WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(m => m.IsHead);
        });

        b.Entity<IncomeEntry>(e =>
        {
            e.HasIndex(i => new { i.HouseholdId, i.Year });
            e.HasOne<Household>().WithMany().HasForeignKey(i => i.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            // SQLite has no decimal type: store exact fen as INTEGER so sums stay exact; PostgreSQL uses numeric.
            if (sqlite) e.Property(i => i.Amount).HasConversion(y => (long)(y * 100m), f => f / 100m);
            else e.Property(i => i.Amount).HasPrecision(14, 2);
        });

        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => a.HouseholdId);
            e.HasIndex(a => a.At);
        });

        b.Entity<ImportBatch>(e => e.HasIndex(i => new { i.Sha256, i.Year }));
        b.Entity<Setting>(e => e.HasKey(s => s.Key));
    }
}
