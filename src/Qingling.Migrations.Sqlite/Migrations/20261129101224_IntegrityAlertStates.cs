using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IntegrityAlertStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "stated_net_income",
                table: "household_years",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "stated_per_capita",
                table: "household_years",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "integrity_alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_code = table.Column<string>(type: "TEXT", nullable: false),
                    village = table.Column<string>(type: "TEXT", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    evidence_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    firing = table.Column<bool>(type: "INTEGER", nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", nullable: true),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    correction_entry_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_integrity_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_integrity_alerts_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_integrity_alerts_household_id_year_kind_evidence_key",
                table: "integrity_alerts",
                columns: new[] { "household_id", "year", "kind", "evidence_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_integrity_alerts_year_status",
                table: "integrity_alerts",
                columns: new[] { "year", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "integrity_alerts");

            migrationBuilder.DropColumn(
                name: "stated_net_income",
                table: "household_years");

            migrationBuilder.DropColumn(
                name: "stated_per_capita",
                table: "household_years");
        }
    }
}
