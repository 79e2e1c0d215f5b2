using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Qingling.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Rhythm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    plan_key = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    snapshot = table.Column<string>(type: "text", nullable: false),
                    held_by = table.Column<string>(type: "text", nullable: false),
                    held_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "screening_rounds",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    plan_key = table.Column<string>(type: "text", nullable: false),
                    village_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    to = table.Column<DateOnly>(type: "date", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_rounds", x => x.id);
                    table.ForeignKey(
                        name: "fk_screening_rounds_regions_village_id",
                        column: x => x.village_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "visits",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    round_id = table.Column<long>(type: "bigint", nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    visitors = table.Column<string>(type: "text", nullable: false),
                    changes = table.Column<string>(type: "text", nullable: false),
                    risks_found = table.Column<string>(type: "text", nullable: false),
                    household_words = table.Column<string>(type: "text", nullable: false),
                    expected_change = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    expected_change_category = table.Column<int>(type: "integer", nullable: false),
                    expected_change_from_month = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_visits", x => x.id);
                    table.ForeignKey(
                        name: "fk_visits_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_visits_screening_rounds_round_id",
                        column: x => x.round_id,
                        principalTable: "screening_rounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    plan_key = table.Column<string>(type: "text", nullable: false),
                    review_id = table.Column<long>(type: "bigint", nullable: true),
                    visit_id = table.Column<long>(type: "bigint", nullable: true),
                    title = table.Column<string>(type: "text", nullable: false),
                    owner = table.Column<string>(type: "text", nullable: false),
                    due = table.Column<DateOnly>(type: "date", nullable: false),
                    households = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    done_on = table.Column<DateOnly>(type: "date", nullable: true),
                    done_note = table.Column<string>(type: "text", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_tasks_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tasks_visits_visit_id",
                        column: x => x.visit_id,
                        principalTable: "visits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reviews_plan_key_kind_on",
                table: "reviews",
                columns: new[] { "plan_key", "kind", "on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_screening_rounds_village_id",
                table: "screening_rounds",
                column: "village_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_plan_key",
                table: "tasks",
                column: "plan_key");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_review_id",
                table: "tasks",
                column: "review_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_visit_id",
                table: "tasks",
                column: "visit_id");

            migrationBuilder.CreateIndex(
                name: "ix_visits_household_id",
                table: "visits",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_visits_round_id",
                table: "visits",
                column: "round_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropTable(
                name: "visits");

            migrationBuilder.DropTable(
                name: "screening_rounds");
        }
    }
}
