using Microsoft.EntityFrameworkCore.Design;
using Qingling.Data.Database;

namespace Qingling.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the model for this provider; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<QinglingDbContext>
{
    public QinglingDbContext CreateDbContext(string[] args) => DatabaseOptions.Postgres("Host=127.0.0.1;Database=design_time;Username=design;Password=design").CreateContext();
}
