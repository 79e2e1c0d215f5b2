using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class YearFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "household_years",
                columns: table => new
                {
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<int>(type: "integer", nullable: false),
                    monitoring = table.Column<int>(type: "integer", nullable: true),
                    import_batch_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_years", x => new { x.household_id, x.year });
                    table.ForeignKey(
                        name: "fk_household_years_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "member_years",
                columns: table => new
                {
                    member_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    relation_to_head = table.Column<string>(type: "text", nullable: false),
                    labour = table.Column<int>(type: "integer", nullable: false),
                    work_status = table.Column<string>(type: "text", nullable: true),
                    months_worked = table.Column<int>(type: "integer", nullable: true),
                    school_status = table.Column<string>(type: "text", nullable: true),
                    health = table.Column<string>(type: "text", nullable: true),
                    import_batch_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_years", x => new { x.member_id, x.year });
                    table.ForeignKey(
                        name: "fk_member_years_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_member_years_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_member_years_household_id_year",
                table: "member_years",
                columns: new[] { "household_id", "year" });

            migrationBuilder.Sql(Qingling.Data.Database.UpgradeSql.YearFactsBackfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "household_years");

            migrationBuilder.DropTable(
                name: "member_years");
        }
    }
}
