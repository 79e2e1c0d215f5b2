using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PublishedCounties : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "published_counties",
                columns: table => new
                {
                    county_code = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    county = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    checked_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    data_version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_published_counties", x => x.county_code);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "published_counties");
        }
    }
}
