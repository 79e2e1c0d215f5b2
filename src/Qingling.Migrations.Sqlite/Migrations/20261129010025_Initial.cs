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
                name: "plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    loaded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    loaded_by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plans", x => x.id);
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
                name: "reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_key = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    snapshot = table.Column<string>(type: "TEXT", nullable: false),
                    held_by = table.Column<string>(type: "TEXT", nullable: false),
                    held_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.id);
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
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_name = table.Column<string>(type: "TEXT", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: false),
                    role = table.Column<int>(type: "INTEGER", nullable: false),
                    villages = table.Column<string>(type: "TEXT", nullable: false),
                    department = table.Column<string>(type: "TEXT", nullable: true),
                    can_unmask = table.Column<bool>(type: "INTEGER", nullable: false),
                    failed_sign_ins = table.Column<int>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
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
                name: "projects",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    use = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    village_id = table.Column<long>(type: "INTEGER", nullable: true),
                    linked_households = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_projects", x => x.id);
                    table.ForeignKey(
                        name: "fk_projects_regions_village_id",
                        column: x => x.village_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "screening_rounds",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_key = table.Column<string>(type: "TEXT", nullable: false),
                    village_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    to = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_rounds", x => x.id);
                    table.ForeignKey(
                        name: "fk_screening_rounds_regions_village_id",
                        column: x => x.village_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "household_plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_key = table.Column<string>(type: "TEXT", nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    diagnosis = table.Column<string>(type: "TEXT", nullable: false),
                    wishes = table.Column<string>(type: "TEXT", nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_household_plans_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
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
                    measure_id = table.Column<long>(type: "INTEGER", nullable: true),
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

            migrationBuilder.CreateTable(
                name: "visits",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    round_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    visitors = table.Column<string>(type: "TEXT", nullable: false),
                    changes = table.Column<string>(type: "TEXT", nullable: false),
                    risks_found = table.Column<string>(type: "TEXT", nullable: false),
                    household_words = table.Column<string>(type: "TEXT", nullable: false),
                    expected_change = table.Column<long>(type: "INTEGER", nullable: false),
                    expected_change_category = table.Column<int>(type: "INTEGER", nullable: false),
                    expected_change_from_month = table.Column<int>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_visits", x => x.id);
                    table.ForeignKey(
                        name: "fk_visits_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_visits_screening_rounds_round_id",
                        column: x => x.round_id,
                        principalTable: "screening_rounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "measures",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_plan_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    member_id = table.Column<long>(type: "INTEGER", nullable: true),
                    department = table.Column<string>(type: "TEXT", nullable: false),
                    responsible_person = table.Column<string>(type: "TEXT", nullable: false),
                    village_id = table.Column<long>(type: "INTEGER", nullable: false),
                    start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    expected_gain = table.Column<long>(type: "INTEGER", nullable: false),
                    gain_category = table.Column<int>(type: "INTEGER", nullable: false),
                    pays_from_month = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false),
                    consent_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    consent_how = table.Column<string>(type: "TEXT", nullable: false),
                    details = table.Column<string>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measures", x => x.id);
                    table.ForeignKey(
                        name: "fk_measures_household_plans_household_plan_id",
                        column: x => x.household_plan_id,
                        principalTable: "household_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_measures_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_measures_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_measures_regions_village_id",
                        column: x => x.village_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_key = table.Column<string>(type: "TEXT", nullable: false),
                    review_id = table.Column<long>(type: "INTEGER", nullable: true),
                    visit_id = table.Column<long>(type: "INTEGER", nullable: true),
                    title = table.Column<string>(type: "TEXT", nullable: false),
                    owner = table.Column<string>(type: "TEXT", nullable: false),
                    due = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    households = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    done_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    done_note = table.Column<string>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_tasks_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tasks_visits_visit_id",
                        column: x => x.visit_id,
                        principalTable: "visits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "measure_status_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    measure_id = table.Column<long>(type: "INTEGER", nullable: false),
                    from = table.Column<int>(type: "INTEGER", nullable: true),
                    to = table.Column<int>(type: "INTEGER", nullable: false),
                    on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measure_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_measure_status_changes_measures_measure_id",
                        column: x => x.measure_id,
                        principalTable: "measures",
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
                name: "ix_household_plans_household_id",
                table: "household_plans",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_plans_plan_key_household_id",
                table: "household_plans",
                columns: new[] { "plan_key", "household_id" },
                unique: true);

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
                name: "ix_measure_status_changes_measure_id",
                table: "measure_status_changes",
                column: "measure_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_department",
                table: "measures",
                column: "department");

            migrationBuilder.CreateIndex(
                name: "ix_measures_household_id",
                table: "measures",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_household_plan_id",
                table: "measures",
                column: "household_plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_member_id",
                table: "measures",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_village_id",
                table: "measures",
                column: "village_id");

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
                name: "ix_plans_key",
                table: "plans",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_projects_village_id",
                table: "projects",
                column: "village_id");

            migrationBuilder.CreateIndex(
                name: "ix_projects_year",
                table: "projects",
                column: "year");

            migrationBuilder.CreateIndex(
                name: "ix_regions_code",
                table: "regions",
                column: "code");

            migrationBuilder.CreateIndex(
                name: "ix_regions_parent_id_level_name",
                table: "regions",
                columns: new[] { "parent_id", "level", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reviews_plan_key_kind_on",
                table: "reviews",
                columns: new[] { "plan_key", "kind", "on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_screening_rounds_village_id",
                table: "screening_rounds",
                column: "village_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_plan_key",
                table: "tasks",
                column: "plan_key");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_review_id",
                table: "tasks",
                column: "review_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_visit_id",
                table: "tasks",
                column: "visit_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_user_name",
                table: "users",
                column: "user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_visits_household_id",
                table: "visits",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_visits_round_id",
                table: "visits",
                column: "round_id");

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
                name: "measure_status_changes");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropTable(
                name: "projects");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "measures");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropTable(
                name: "visits");

            migrationBuilder.DropTable(
                name: "household_plans");

            migrationBuilder.DropTable(
                name: "members");

            migrationBuilder.DropTable(
                name: "screening_rounds");

            migrationBuilder.DropTable(
                name: "households");

            migrationBuilder.DropTable(
                name: "regions");
        }
    }
}
