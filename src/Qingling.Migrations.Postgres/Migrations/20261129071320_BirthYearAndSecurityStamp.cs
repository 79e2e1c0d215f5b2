using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class BirthYearAndSecurityStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "security_stamp",
                table: "users",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "birth_year",
                table: "members",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Hand-written: keep the year, drop the full date, and re-mask with the mask that hides birth date and sequence.
            // The re-mask comes after the drop: rewriting every row then stores the dropped column as null, so the dates
            // do not stay in live rows (autovacuum reclaims the dead ones).
            migrationBuilder.Sql("UPDATE members SET birth_year = CAST(EXTRACT(YEAR FROM birth_date) AS integer);");

            migrationBuilder.DropColumn(
                name: "birth_date",
                table: "members");

            migrationBuilder.Sql("UPDATE members SET id_masked = substr(id_masked, 1, 6) || '***********' || substr(id_masked, 18, 1) WHERE length(id_masked) = 18;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "users");

            migrationBuilder.DropColumn(
                name: "birth_year",
                table: "members");

            migrationBuilder.AddColumn<DateOnly>(
                name: "birth_date",
                table: "members",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));
        }
    }
}
