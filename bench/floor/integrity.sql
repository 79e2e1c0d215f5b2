-- qingling integrity --year :Y (the checks `review` also runs first after a change): what the checks read, and two of
-- their rules, in one query. Per household: its latest record up to :Y and the one before :Y, the members of each (persons,
-- labour, working), the two years' ledger by category as the figures count it (a year with its annual record counts the
-- export's lines only; excluded lines never), the year's imported total; then the households just over the line (per
-- capita under 10% above it, from under it the year before) and those whose production income more than doubled. The
-- checks do more (copies across a village, bunching, measures, visits, late entries, stated totals), so this floor is
-- lower than what the command can reach.
WITH ly AS (SELECT household_id, max(year) AS now, max(CASE WHEN year < :Y THEN year END) AS before
            FROM household_years WHERE year <= :Y GROUP BY household_id),
mem AS (SELECT m.household_id, m.year, count(*) AS persons, sum(CASE WHEN m.labour IN (1, 2) THEN 1 ELSE 0 END) AS labour,
          sum(CASE WHEN coalesce(m.months_worked, 0) > 0 THEN 1 ELSE 0 END) AS working
        FROM member_years m JOIN ly ON ly.household_id = m.household_id AND (m.year = ly.now OR m.year = ly.before)
        GROUP BY m.household_id, m.year),
hh AS (SELECT e.household_id,
          sum(CASE WHEN e.year = :Y AND e.excluded_reason IS NULL AND (e.source = 1 OR ly.now <> :Y)
                   THEN (CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) ELSE 0 END) AS net_now,
          sum(CASE WHEN e.year = :Y - 1 AND e.excluded_reason IS NULL AND (e.source = 1 OR coalesce(ly.before, 0) <> :Y - 1)
                   THEN (CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) ELSE 0 END) AS net_before,
          sum(CASE WHEN e.category = 2 AND e.year = :Y AND e.excluded_reason IS NULL AND (e.source = 1 OR ly.now <> :Y)
                   THEN e.amount ELSE 0 END) AS production_now,
          sum(CASE WHEN e.category = 2 AND e.year = :Y - 1 AND e.excluded_reason IS NULL AND (e.source = 1 OR coalesce(ly.before, 0) <> :Y - 1)
                   THEN e.amount ELSE 0 END) AS production_before,
          sum(CASE WHEN e.year = :Y AND e.source = 1 THEN (CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) ELSE 0 END) AS imported
        FROM income_entries e JOIN ly ON ly.household_id = e.household_id
        WHERE e.year IN (:Y - 1, :Y) GROUP BY e.household_id),
c AS (SELECT h.code, v.name AS village, hh.net_now * 1.0 / n.persons AS per_capita,
        hh.net_before * 1.0 / b.persons AS per_capita_before, hh.production_now, hh.production_before, hh.imported,
        n.labour, n.working, b.working AS working_before
      FROM hh JOIN ly ON ly.household_id = hh.household_id
      JOIN mem n ON n.household_id = hh.household_id AND n.year = ly.now
      LEFT JOIN mem b ON b.household_id = hh.household_id AND b.year = ly.before
      JOIN households h ON h.id = hh.household_id JOIN regions v ON v.id = h.village_id)
SELECT village, code, per_capita, per_capita_before, production_now, production_before, imported FROM c
WHERE (per_capita >= :LINE AND per_capita < :LINE * 1.1 AND per_capita_before < :LINE)
   OR (production_before > 0 AND production_now > 2 * production_before AND working <= coalesce(working_before, 0))
ORDER BY village, code;
