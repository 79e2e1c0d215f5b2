using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CountingRulesBaselineDeclines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "decline_reason",
                table: "measures",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "excluded_reason",
                table: "income_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "baseline_households",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_key = table.Column<string>(type: "TEXT", nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_code = table.Column<string>(type: "TEXT", nullable: false),
                    village = table.Column<string>(type: "TEXT", nullable: false),
                    persons = table.Column<int>(type: "INTEGER", nullable: false),
                    per_capita_net_income = table.Column<long>(type: "INTEGER", nullable: false),
                    member_ids = table.Column<string>(type: "TEXT", nullable: false),
                    frozen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    frozen_by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_baseline_households", x => x.id);
                    table.ForeignKey(
                        name: "fk_baseline_households_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_baseline_households_household_id",
                table: "baseline_households",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_baseline_households_plan_key_household_id",
                table: "baseline_households",
                columns: new[] { "plan_key", "household_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "baseline_households");

            migrationBuilder.DropColumn(
                name: "decline_reason",
                table: "measures");

            migrationBuilder.DropColumn(
                name: "excluded_reason",
                table: "income_entries");
        }
    }
}
