using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Regions;
using Qingling.Data.Audit;
using Qingling.Data.Import;
using Qingling.Data.Plans;
using Qingling.Core.Measures;
using Qingling.Core.Funds;

namespace Qingling.Data.Database;

/// <summary>The one EF model, shared by SQLite and PostgreSQL; each provider has its own migrations assembly.</summary>
public partial class QinglingDbContext(DbContextOptions<QinglingDbContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<HouseholdYearFacts> HouseholdYears => Set<HouseholdYearFacts>();
    public DbSet<MemberYearFacts> MemberYears => Set<MemberYearFacts>();
    public DbSet<IncomeEntry> IncomeEntries => Set<IncomeEntry>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<StoredPlan> Plans => Set<StoredPlan>();
    public DbSet<HouseholdPlan> HouseholdPlans => Set<HouseholdPlan>();
    public DbSet<Measure> Measures => Set<Measure>();
    public DbSet<MeasureStatusChange> MeasureStatusChanges => Set<MeasureStatusChange>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<BaselineHousehold> BaselineHouseholds => Set<BaselineHousehold>();
    public DbSet<Qingling.Core.Users.User> Users => Set<Qingling.Core.Users.User>();
    public DbSet<Qingling.Core.Rhythm.ScreeningRound> ScreeningRounds => Set<Qingling.Core.Rhythm.ScreeningRound>();
    public DbSet<Qingling.Core.Rhythm.Visit> Visits => Set<Qingling.Core.Rhythm.Visit>();
    public DbSet<Qingling.Core.Rhythm.Review> Reviews => Set<Qingling.Core.Rhythm.Review>();
    public DbSet<Qingling.Core.Integrity.AlertRecord> Alerts => Set<Qingling.Core.Integrity.AlertRecord>();
    public DbSet<Qingling.Core.Rhythm.FollowUpTask> Tasks => Set<Qingling.Core.Rhythm.FollowUpTask>();
    public DbSet<Qingling.Data.Assessment.FrozenScorecard> FrozenScorecards => Set<Qingling.Data.Assessment.FrozenScorecard>();
    public DbSet<Qingling.Core.Supervision.Reminder> Reminders => Set<Qingling.Core.Supervision.Reminder>();
    public DbSet<Qingling.Core.Showcase.ShowcaseCase> ShowcaseCases => Set<Qingling.Core.Showcase.ShowcaseCase>();
    public DbSet<Qingling.Core.Showcase.ShowcaseVersion> ShowcaseVersions => Set<Qingling.Core.Showcase.ShowcaseVersion>();
    public DbSet<Qingling.Core.Showcase.PublicityConsent> PublicityConsents => Set<Qingling.Core.Showcase.PublicityConsent>();
    public DbSet<DataVersion> DataVersions => Set<DataVersion>();
    public DbSet<Qingling.Core.Photos.EvidencePhoto> EvidencePhotos => Set<Qingling.Core.Photos.EvidencePhoto>();
    public DbSet<Qingling.Data.Regions.PublishedVillage> PublishedVillages => Set<Qingling.Data.Regions.PublishedVillage>();
    public DbSet<Qingling.Data.Regions.PublishedCounty> PublishedCounties => Set<Qingling.Data.Regions.PublishedCounty>();

    /// <summary>What the saves inside the open transaction changed: the commit then bumps <see cref="DataVersion"/>'s counts.</summary>
    internal DataChange ChangeInTransaction { get; set; }

    // import_batch_id columns are plain references, not foreign keys: a foreign key would bring an index per
    // table that no query uses and that costs a tenth of a million-row import.
    protected override void OnModelCreating(ModelBuilder b)
    {
        var sqlite = Database.IsSqlite();
        // SQLite has no decimal type: store exact fen as INTEGER so sums stay exact; PostgreSQL uses numeric.
        void Money(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<decimal> p)
        {
            if (sqlite) p.HasConversion(y => (long)(y * 100m), f => f / 100m);
            else p.HasPrecision(14, 2);
        }
        void MoneyOrNull(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<decimal?> p)
        {
            // A non-nullable converter: EF applies it to values only, and the bulk binders bind plain longs.
            if (sqlite) p.HasConversion(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<decimal, long>(y => (long)(y * 100m), f => f / 100m));
            else p.HasPrecision(14, 2);
        }

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

        b.Entity<HouseholdYearFacts>(e =>
        {
            e.ToTable("household_years");
            MoneyOrNull(e.Property(f => f.StatedNetIncome));
            MoneyOrNull(e.Property(f => f.StatedPerCapita));
            e.HasKey(f => new { f.HouseholdId, f.Year });
            e.HasOne<Household>().WithMany().HasForeignKey(f => f.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<MemberYearFacts>(e =>
        {
            e.ToTable("member_years");
            e.HasKey(f => new { f.MemberId, f.Year });
            // Queries ask for a household's members of a year.
            e.HasIndex(f => new { f.HouseholdId, f.Year });
            e.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Household>().WithMany().HasForeignKey(f => f.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<IncomeEntry>(e =>
        {
            e.HasIndex(i => new { i.HouseholdId, i.Year });
            e.HasOne<Household>().WithMany().HasForeignKey(i => i.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            Money(e.Property(i => i.Amount));
        });

        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => a.HouseholdId);
            e.HasIndex(a => a.At);
        });

        b.Entity<ImportBatch>(e => e.HasIndex(i => new { i.Sha256, i.Year }));

        b.Entity<StoredPlan>(e => e.HasIndex(p => p.Key).IsUnique());
        b.Entity<BaselineHousehold>(e =>
        {
            e.HasIndex(x => new { x.PlanKey, x.HouseholdId }).IsUnique();
            e.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(x => x.Members);
            Money(e.Property(x => x.PerCapitaNetIncome));
        });
        b.Entity<Qingling.Core.Rhythm.ScreeningRound>(e =>
        {
            e.HasIndex(r => r.VillageId);
            e.HasOne<Region>().WithMany().HasForeignKey(r => r.VillageId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Qingling.Core.Rhythm.Visit>(e =>
        {
            e.HasIndex(v => v.HouseholdId);
            e.HasOne<Qingling.Core.Rhythm.ScreeningRound>().WithMany().HasForeignKey(v => v.RoundId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Household>().WithMany().HasForeignKey(v => v.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            Money(e.Property(v => v.ExpectedChange));
        });
        b.Entity<Qingling.Core.Rhythm.Review>(e => e.HasIndex(r => new { r.PlanKey, r.Kind, r.On }).IsUnique());
        b.Entity<Qingling.Core.Integrity.AlertRecord>(e =>
        {
            e.ToTable("integrity_alerts");
            e.Property(a => a.Kind).HasMaxLength(40);
            e.Property(a => a.EvidenceKey).HasMaxLength(200);
            e.HasIndex(a => new { a.HouseholdId, a.Year, a.Kind, a.EvidenceKey }).IsUnique();
            e.HasIndex(a => new { a.Year, a.Status });
            e.HasOne<Household>().WithMany().HasForeignKey(a => a.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Qingling.Core.Rhythm.FollowUpTask>(e =>
        {
            e.ToTable("tasks");
            e.HasIndex(t => t.PlanKey);
            e.Ignore(t => t.HouseholdCodes);
            e.HasOne<Qingling.Core.Rhythm.Review>().WithMany().HasForeignKey(t => t.ReviewId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Qingling.Core.Rhythm.Visit>().WithMany().HasForeignKey(t => t.VisitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Qingling.Core.Users.User>(e =>
        {
            e.HasIndex(u => u.UserName).IsUnique();
            e.Ignore(u => u.VillageList);
        });
        b.Entity<HouseholdPlan>(e =>
        {
            e.HasIndex(p => new { p.PlanKey, p.HouseholdId }).IsUnique();
            e.HasOne<Household>().WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Measure>(e =>
        {
            e.HasIndex(m => m.HouseholdPlanId);
            e.HasIndex(m => m.Department);
            e.HasOne<HouseholdPlan>().WithMany().HasForeignKey(m => m.HouseholdPlanId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Household>().WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Member>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Region>().WithMany().HasForeignKey(m => m.VillageId).OnDelete(DeleteBehavior.Restrict);
            Money(e.Property(m => m.ExpectedGain));
            e.Property(m => m.Version).IsConcurrencyToken();
        });
        b.Entity<MeasureStatusChange>(e =>
        {
            e.HasIndex(c => c.MeasureId);
            e.HasOne<Measure>().WithMany().HasForeignKey(c => c.MeasureId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Project>(e =>
        {
            e.HasIndex(p => p.Year);
            e.HasOne<Region>().WithMany().HasForeignKey(p => p.VillageId).OnDelete(DeleteBehavior.Restrict);
            Money(e.Property(p => p.Amount));
        });
        b.Entity<Setting>(e => e.HasKey(s => s.Key));
        b.Entity<Qingling.Data.Assessment.FrozenScorecard>(e =>
        {
            e.HasIndex(f => new { f.PlanKey, f.Period }).IsUnique();
            e.HasOne<Qingling.Core.Rhythm.Review>().WithMany().HasForeignKey(f => f.ReviewId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Qingling.Core.Supervision.Reminder>(e => e.HasIndex(r => new { r.PlanKey, r.Recipient }));
        b.Entity<Qingling.Core.Photos.EvidencePhoto>(e =>
        {
            e.ToTable("evidence_photos");
            e.HasIndex(p => p.HouseholdId);
            e.HasIndex(p => p.MeasureId);
            e.HasIndex(p => p.VisitId);
            e.HasIndex(p => p.Sha256);
            e.HasIndex(p => p.ThumbSha256);
            e.Property(p => p.Sha256).HasMaxLength(64);
            e.Property(p => p.ThumbSha256).HasMaxLength(64);
            e.Property(p => p.OwnerKind).HasMaxLength(20);
            e.Property(p => p.OriginalName).HasMaxLength(200);
            e.HasOne<Household>().WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Measure>().WithMany().HasForeignKey(p => p.MeasureId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Qingling.Core.Rhythm.Visit>().WithMany().HasForeignKey(p => p.VisitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Qingling.Core.Showcase.ShowcaseCase>(e =>
        {
            e.HasIndex(c => new { c.PlanKey, c.HouseholdId });
            e.HasOne<Household>().WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Qingling.Core.Showcase.ShowcaseVersion>(e =>
        {
            e.HasIndex(v => new { v.CaseId, v.Version }).IsUnique();
            e.HasOne<Qingling.Core.Showcase.ShowcaseCase>().WithMany().HasForeignKey(v => v.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Qingling.Core.Showcase.PublicityConsent>(e =>
        {
            e.HasIndex(c => c.HouseholdId);
            e.HasOne<Household>().WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<DataVersion>(e =>
        {
            e.Property(v => v.Id).ValueGeneratedNever();
            e.HasData(new DataVersion { Id = DataVersion.RowId, Value = 0 });
        });

        b.Entity<Qingling.Data.Regions.PublishedVillage>(e =>
        {
            e.ToTable("village_figures");
            e.HasKey(v => new { v.VillageCode, v.Year });
            e.Property(v => v.VillageCode).HasMaxLength(12);
            foreach (var name in new[] { "Province", "City", "County", "Town", "Village" }) e.Property(name).HasMaxLength(100);
            Money(e.Property(v => v.Funds));
            Money(e.Property(v => v.IncomeLine));
            e.Property(v => v.VillageScore).HasPrecision(6, 2);
        });

        b.Entity<Qingling.Data.Regions.PublishedCounty>(e =>
        {
            e.ToTable("published_counties");
            e.HasKey(c => c.CountyCode);
            e.Property(c => c.CountyCode).HasMaxLength(6);
            e.Property(c => c.County).HasMaxLength(100);
        });
    }
}
