using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "birth_year",
                table: "members",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Hand-written: the old table's pages, dates and old masks in them, would stay in the file as free pages when the
            // table is rebuilt without birth_date; secure_delete overwrites them (for this migration's connection only).
            migrationBuilder.Sql("PRAGMA secure_delete = ON;");
            // Hand-written: keep the year, drop the full date, and re-mask with the mask that hides birth date and sequence.
            migrationBuilder.Sql("UPDATE members SET birth_year = CAST(substr(birth_date, 1, 4) AS INTEGER);");
            migrationBuilder.Sql("UPDATE members SET id_masked = substr(id_masked, 1, 6) || '***********' || substr(id_masked, 18, 1) WHERE length(id_masked) = 18;");

            migrationBuilder.DropColumn(
                name: "birth_date",
                table: "members");
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
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));
        }
    }
}
