using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PlansAndMeasures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "measure_id",
                table: "income_entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "household_plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_key = table.Column<string>(type: "TEXT", nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    diagnosis = table.Column<string>(type: "TEXT", nullable: false),
                    wishes = table.Column<string>(type: "TEXT", nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_household_plans_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    loaded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    loaded_by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    use = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    village_id = table.Column<long>(type: "INTEGER", nullable: true),
                    linked_households = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_projects", x => x.id);
                    table.ForeignKey(
                        name: "fk_projects_regions_village_id",
                        column: x => x.village_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "measures",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_plan_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    member_id = table.Column<long>(type: "INTEGER", nullable: true),
                    department = table.Column<string>(type: "TEXT", nullable: false),
                    responsible_person = table.Column<string>(type: "TEXT", nullable: false),
                    village_id = table.Column<long>(type: "INTEGER", nullable: false),
                    start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    expected_gain = table.Column<long>(type: "INTEGER", nullable: false),
                    gain_category = table.Column<int>(type: "INTEGER", nullable: false),
                    pays_from_month = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false),
                    consent_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    consent_how = table.Column<string>(type: "TEXT", nullable: false),
                    details = table.Column<string>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measures", x => x.id);
                    table.ForeignKey(
                        name: "fk_measures_household_plans_household_plan_id",
                        column: x => x.household_plan_id,
                        principalTable: "household_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_measures_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_measures_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_measures_regions_village_id",
                        column: x => x.village_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "measure_status_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    measure_id = table.Column<long>(type: "INTEGER", nullable: false),
                    from = table.Column<int>(type: "INTEGER", nullable: true),
                    to = table.Column<int>(type: "INTEGER", nullable: false),
                    on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measure_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_measure_status_changes_measures_measure_id",
                        column: x => x.measure_id,
                        principalTable: "measures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_household_plans_household_id",
                table: "household_plans",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_plans_plan_key_household_id",
                table: "household_plans",
                columns: new[] { "plan_key", "household_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_measure_status_changes_measure_id",
                table: "measure_status_changes",
                column: "measure_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_department",
                table: "measures",
                column: "department");

            migrationBuilder.CreateIndex(
                name: "ix_measures_household_id",
                table: "measures",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_household_plan_id",
                table: "measures",
                column: "household_plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_member_id",
                table: "measures",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_village_id",
                table: "measures",
                column: "village_id");

            migrationBuilder.CreateIndex(
                name: "ix_plans_key",
                table: "plans",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_projects_village_id",
                table: "projects",
                column: "village_id");

            migrationBuilder.CreateIndex(
                name: "ix_projects_year",
                table: "projects",
                column: "year");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "measure_status_changes");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropTable(
                name: "projects");

            migrationBuilder.DropTable(
                name: "measures");

            migrationBuilder.DropTable(
                name: "household_plans");

            migrationBuilder.DropColumn(
                name: "measure_id",
                table: "income_entries");
        }
    }
}
