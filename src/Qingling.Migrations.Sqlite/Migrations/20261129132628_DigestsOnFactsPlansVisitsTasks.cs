using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
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
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "tasks",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "reviews",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "member_years",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "household_years",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "household_plans",
                type: "BLOB",
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
