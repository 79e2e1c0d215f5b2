using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DataVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_versions",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_versions", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "data_versions",
                columns: new[] { "id", "value" },
                values: new object[] { 1, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_versions");
        }
    }
}
