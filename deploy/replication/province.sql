-- Run on the province's PostgreSQL (province-add-county.sh does it). The province holds no register: its region tree is
-- grown from the village rows the counties publish, and every replicated change moves the data version so the
-- province's pages, which cache per data version, show it at once. Idempotent; run it in one transaction (psql -1).
--
-- Triggers do not fire for rows applied by a subscription unless they are ENABLE ALWAYS (see the end), and they run
-- there with an empty search_path: each function keeps the one it was created under (SET search_path FROM CURRENT).

CREATE OR REPLACE FUNCTION qingling_region_of_village() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    digits int[] := ARRAY[2, 4, 6, 9, 12];  -- 省2 市4 县6 乡镇9 村12 leading digits of the statistical code
    names text[] := ARRAY[NEW.province, NEW.city, NEW.county, NEW.town, NEW.village];
    parent bigint := NULL;
    found bigint;
    place text;
BEGIN
    -- Counties apply in parallel (one worker per subscription): one at a time may add the places they share (the
    -- province, a city), or both would add the same one.
    PERFORM pg_advisory_xact_lock(hashtext('qingling_region_of_village'));
    FOR lvl IN 1..5 LOOP
        CONTINUE WHEN names[lvl] = '';  -- a level the county's tree does not have
        place := rpad(left(NEW.village_code, digits[lvl]), 12, '0');
        found := NULL;
        SELECT id INTO found FROM regions WHERE code = place AND level = lvl;
        IF found IS NULL THEN
            INSERT INTO regions (parent_id, level, name, code) VALUES (parent, lvl, names[lvl], place) RETURNING id INTO found;
        ELSE
            UPDATE regions SET name = names[lvl] WHERE id = found AND name <> names[lvl];  -- a renamed place
        END IF;
        parent := found;
    END LOOP;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION qingling_published_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    -- The same lock first as qingling_region_of_village: a delete fires only this trigger, and taking the version row
    -- before the lock would deadlock with another county's worker holding the lock and waiting for the row.
    PERFORM pg_advisory_xact_lock(hashtext('qingling_region_of_village'));
    UPDATE data_versions SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER qingling_region_of_village BEFORE INSERT OR UPDATE ON village_figures
    FOR EACH ROW EXECUTE FUNCTION qingling_region_of_village();
ALTER TABLE village_figures ENABLE ALWAYS TRIGGER qingling_region_of_village;

CREATE OR REPLACE TRIGGER qingling_published_changed AFTER INSERT OR UPDATE OR DELETE ON village_figures
    FOR EACH ROW EXECUTE FUNCTION qingling_published_changed();
ALTER TABLE village_figures ENABLE ALWAYS TRIGGER qingling_published_changed;
