using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PublishedVillageFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "village_figures",
                columns: table => new
                {
                    village_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    province = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    county = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    town = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    village = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    households = table.Column<int>(type: "INTEGER", nullable: false),
                    persons = table.Column<int>(type: "INTEGER", nullable: false),
                    target_households = table.Column<int>(type: "INTEGER", nullable: false),
                    target_persons = table.Column<int>(type: "INTEGER", nullable: false),
                    measures_industry = table.Column<int>(type: "INTEGER", nullable: false),
                    measures_tourism = table.Column<int>(type: "INTEGER", nullable: false),
                    measures_training = table.Column<int>(type: "INTEGER", nullable: false),
                    measures_employment = table.Column<int>(type: "INTEGER", nullable: false),
                    measures_assets = table.Column<int>(type: "INTEGER", nullable: false),
                    measures_finance = table.Column<int>(type: "INTEGER", nullable: false),
                    measures_transfers = table.Column<int>(type: "INTEGER", nullable: false),
                    funds = table.Column<long>(type: "INTEGER", nullable: false),
                    open_alerts = table.Column<int>(type: "INTEGER", nullable: false),
                    income_line = table.Column<long>(type: "INTEGER", nullable: false),
                    weak_labour = table.Column<bool>(type: "INTEGER", nullable: false),
                    include_monitored = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_village_figures", x => new { x.village_code, x.year });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "village_figures");
        }
    }
}
