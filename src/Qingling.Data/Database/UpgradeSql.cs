namespace Qingling.Data.Database;

/// <summary>
/// Data steps of migrations, written once for both databases (the SQL is common to SQLite and PostgreSQL) and
/// called from each provider's migration, so regenerating a migration only needs the one call added back.
/// </summary>
public static class UpgradeSql
{
    /// <summary>
    /// Databases from before per-year facts: the register as it stands is the record of the latest year imported,
    /// which is the only year it can honestly describe. Members who had left are in no year's facts.
    /// </summary>
    public const string YearFactsBackfill = """
        INSERT INTO household_years (household_id, year, type, monitoring, import_batch_id)
        SELECT h.id, (SELECT MAX(b.year) FROM import_batches b), h.type, h.monitoring, h.import_batch_id
        FROM households h WHERE EXISTS (SELECT 1 FROM import_batches);
        INSERT INTO member_years (member_id, year, household_id, relation_to_head, labour, work_status, months_worked, school_status, health, import_batch_id)
        SELECT m.id, hy.year, m.household_id, m.relation_to_head, m.labour, m.work_status, m.months_worked, m.school_status, m.health, hy.import_batch_id
        FROM members m JOIN household_years hy ON hy.household_id = m.household_id WHERE m.left_on IS NULL;
        """;
}
