using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Qingling.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", nullable: false),
                    entity = table.Column<string>(type: "TEXT", nullable: false),
                    entity_id = table.Column<long>(type: "INTEGER", nullable: true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: true),
                    summary = table.Column<string>(type: "TEXT", nullable: false),
                    before = table.Column<string>(type: "TEXT", nullable: true),
                    after = table.Column<string>(type: "TEXT", nullable: true),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    file_name = table.Column<string>(type: "TEXT", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    rows = table.Column<int>(type: "INTEGER", nullable: false),
                    households_added = table.Column<int>(type: "INTEGER", nullable: false),
                    households_updated = table.Column<int>(type: "INTEGER", nullable: false),
                    members_added = table.Column<int>(type: "INTEGER", nullable: false),
                    members_updated = table.Column<int>(type: "INTEGER", nullable: false),
                    members_left = table.Column<int>(type: "INTEGER", nullable: false),
                    income_households_changed = table.Column<int>(type: "INTEGER", nullable: false),
                    income_entries_added = table.Column<int>(type: "INTEGER", nullable: false),
                    warnings = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    parent_id = table.Column<long>(type: "INTEGER", nullable: true),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.id);
                    table.ForeignKey(
                        name: "fk_regions_regions_parent_id",
                        column: x => x.parent_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "households",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    village_id = table.Column<long>(type: "INTEGER", nullable: false),
                    group_name = table.Column<string>(type: "TEXT", nullable: true),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    monitoring = table.Column<int>(type: "INTEGER", nullable: true),
                    exit_year = table.Column<int>(type: "INTEGER", nullable: true),
                    risks = table.Column<string>(type: "TEXT", nullable: false),
                    phone_cipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    phone_masked = table.Column<string>(type: "TEXT", nullable: true),
                    assigned_unit = table.Column<string>(type: "TEXT", nullable: true),
                    work_team = table.Column<string>(type: "TEXT", nullable: true),
                    cadre = table.Column<string>(type: "TEXT", nullable: true),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_households", x => x.id);
                    table.ForeignKey(
                        name: "fk_households_regions_village_id",
                        column: x => x.village_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "income_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    month = table.Column<int>(type: "INTEGER", nullable: true),
                    category = table.Column<int>(type: "INTEGER", nullable: false),
                    subcategory = table.Column<string>(type: "TEXT", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    source_file = table.Column<string>(type: "TEXT", nullable: true),
                    source_row = table.Column<int>(type: "INTEGER", nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    note = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_income_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_income_entries_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "members",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    id_cipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    id_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    id_masked = table.Column<string>(type: "TEXT", nullable: false),
                    relation_to_head = table.Column<string>(type: "TEXT", nullable: false),
                    sex = table.Column<int>(type: "INTEGER", nullable: false),
                    birth_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ethnicity = table.Column<string>(type: "TEXT", nullable: true),
                    education = table.Column<string>(type: "TEXT", nullable: true),
                    school_status = table.Column<string>(type: "TEXT", nullable: true),
                    health = table.Column<string>(type: "TEXT", nullable: true),
                    disability = table.Column<string>(type: "TEXT", nullable: true),
                    labour = table.Column<int>(type: "INTEGER", nullable: false),
                    work_status = table.Column<string>(type: "TEXT", nullable: true),
                    months_worked = table.Column<int>(type: "INTEGER", nullable: true),
                    joined_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    left_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    import_batch_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_members_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_household_id",
                table: "audit_entries",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_households_code",
                table: "households",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_households_village_id",
                table: "households",
                column: "village_id");

            migrationBuilder.CreateIndex(
                name: "ix_import_batches_sha256_year",
                table: "import_batches",
                columns: new[] { "sha256", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_income_entries_household_id_year",
                table: "income_entries",
                columns: new[] { "household_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_members_household_id",
                table: "members",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_members_id_hash",
                table: "members",
                column: "id_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_regions_code",
                table: "regions",
                column: "code");

            migrationBuilder.CreateIndex(
                name: "ix_regions_parent_id_level_name",
                table: "regions",
                columns: new[] { "parent_id", "level", "name" },
                unique: true);

            // The trace is append-only: the database itself refuses to change or remove a line of it.
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, '审计记录只可追加，不可修改'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, '审计记录只可追加，不可删除'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "import_batches");

            migrationBuilder.DropTable(
                name: "income_entries");

            migrationBuilder.DropTable(
                name: "members");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropTable(
                name: "households");

            migrationBuilder.DropTable(
                name: "regions");
        }
    }
}
