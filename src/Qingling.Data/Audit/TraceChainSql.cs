namespace Qingling.Data.Audit;

/// <summary>
/// Hand-written steps of the migration that added the hash chain, kept here so a regenerated migration needs only
/// the calls added back. The triggers now let an UPDATE through only while an entry has no hash yet: that is the
/// one-time chaining of entries written before the chain (<see cref="TraceChain.Backfill"/>); a chained entry stays
/// immutable. The marker row asks the next start-up to chain and digest what is already there.
/// </summary>
public static class TraceChainSql
{
    public const string SqliteTriggers = """
        DROP TRIGGER audit_entries_no_update;
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries WHEN OLD.hash IS NOT NULL BEGIN SELECT RAISE(ABORT, '审计记录只可追加，不可修改'); END;
        """;

    public const string PostgresTriggers = """
        CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF OLD.hash IS NULL THEN RETURN NEW; END IF;
            END IF;
            RAISE EXCEPTION '审计记录只可追加，不可修改或删除';
        END $$;
        """;

    public const string BackfillMarker = $"INSERT INTO settings (key, value) VALUES ('{TraceChain.BackfillSetting}', '1');";
}
