using Microsoft.EntityFrameworkCore.Design;
using Qingling.Data.Database;

namespace Qingling.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for this provider; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<QinglingDbContext>
{
    public QinglingDbContext CreateDbContext(string[] args) => DatabaseOptions.SqliteFile("design-time.db").CreateContext();
}
