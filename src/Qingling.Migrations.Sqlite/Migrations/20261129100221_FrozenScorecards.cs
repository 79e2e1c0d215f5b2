using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FrozenScorecards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "frozen_scorecards",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_key = table.Column<string>(type: "TEXT", nullable: false),
                    period = table.Column<string>(type: "TEXT", nullable: false),
                    review_id = table.Column<long>(type: "INTEGER", nullable: false),
                    scores = table.Column<string>(type: "TEXT", nullable: false),
                    frozen_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_frozen_scorecards", x => x.id);
                    table.ForeignKey(
                        name: "fk_frozen_scorecards_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_frozen_scorecards_plan_key_period",
                table: "frozen_scorecards",
                columns: new[] { "plan_key", "period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_frozen_scorecards_review_id",
                table: "frozen_scorecards",
                column: "review_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "frozen_scorecards");
        }
    }
}
