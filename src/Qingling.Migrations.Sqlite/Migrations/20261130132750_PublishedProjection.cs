using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PublishedProjection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "figures_on",
                table: "village_figures",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "projected_under_line",
                table: "village_figures",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "village_score",
                table: "village_figures",
                type: "TEXT",
                precision: 6,
                scale: 2,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "figures_on",
                table: "village_figures");

            migrationBuilder.DropColumn(
                name: "projected_under_line",
                table: "village_figures");

            migrationBuilder.DropColumn(
                name: "village_score",
                table: "village_figures");
        }
    }
}
