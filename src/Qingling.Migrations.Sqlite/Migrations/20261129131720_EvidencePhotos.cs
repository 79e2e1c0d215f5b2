using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EvidencePhotos : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "evidence_photos",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    owner_kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    measure_id = table.Column<long>(type: "INTEGER", nullable: true),
                    visit_id = table.Column<long>(type: "INTEGER", nullable: true),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    thumb_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    thumb_size = table.Column<long>(type: "INTEGER", nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", nullable: false),
                    original_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    uploaded_by = table.Column<string>(type: "TEXT", nullable: false),
                    uploaded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    digest = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_photos", x => x.id);
                    table.ForeignKey(
                        name: "fk_evidence_photos_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_evidence_photos_measures_measure_id",
                        column: x => x.measure_id,
                        principalTable: "measures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_evidence_photos_visits_visit_id",
                        column: x => x.visit_id,
                        principalTable: "visits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_evidence_photos_household_id",
                table: "evidence_photos",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_photos_measure_id",
                table: "evidence_photos",
                column: "measure_id");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_photos_sha256",
                table: "evidence_photos",
                column: "sha256");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_photos_thumb_sha256",
                table: "evidence_photos",
                column: "thumb_sha256");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_photos_visit_id",
                table: "evidence_photos",
                column: "visit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evidence_photos");
        }
    }
}
