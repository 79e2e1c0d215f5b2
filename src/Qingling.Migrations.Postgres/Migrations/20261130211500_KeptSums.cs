using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Postgres.Migrations
{
    /// <summary>
    /// The per-household sums of the ledger and of the year's members, kept by triggers (Qingling.Data.Database.KeptSums),
    /// filled from the rows already there. Not in the EF model: only the database writes them, only SQL reads them.
    /// </summary>
    public partial class KeptSums : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(Qingling.Data.Database.KeptSums.PostgresCreate());

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(Qingling.Data.Database.KeptSums.PostgresDrop);
    }
}
