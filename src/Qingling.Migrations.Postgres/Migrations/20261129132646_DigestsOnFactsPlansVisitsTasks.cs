using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DigestsOnFactsPlansVisitsTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "visits",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "tasks",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "reviews",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "member_years",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "household_years",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "household_plans",
                type: "bytea",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "digest",
                table: "visits");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "member_years");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "household_years");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "household_plans");
        }
    }
}
