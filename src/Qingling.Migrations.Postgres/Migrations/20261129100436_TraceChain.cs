using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TraceChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "members",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "measures",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "measure_status_changes",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "income_entries",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "digest",
                table: "households",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "hash",
                table: "audit_entries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prev_hash",
                table: "audit_entries",
                type: "text",
                nullable: true);

            migrationBuilder.Sql(Qingling.Data.Audit.TraceChainSql.PostgresTriggers);
            migrationBuilder.Sql(Qingling.Data.Audit.TraceChainSql.BackfillMarker);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "digest",
                table: "members");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "measures");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "measure_status_changes");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "income_entries");

            migrationBuilder.DropColumn(
                name: "digest",
                table: "households");

            migrationBuilder.DropColumn(
                name: "hash",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "prev_hash",
                table: "audit_entries");
        }
    }
}
