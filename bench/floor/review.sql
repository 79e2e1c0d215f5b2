-- qingling review --date :DATE: the progress floor's per-household figures, then the households projected under the line
-- with their measures (started, open, overdue by the date), and the measures due within 15 days or overdue.
WITH fb AS (SELECT household_id, max(year) AS y FROM household_years WHERE year <= :Y - 1 GROUP BY household_id),
hf AS (SELECT f.household_id, f.type FROM household_years f JOIN fb ON fb.household_id = f.household_id AND fb.y = f.year),
pn AS (SELECT m.household_id, count(*) AS persons, sum(CASE WHEN m.labour IN (1, 2) THEN 1 ELSE 0 END) AS labour
       FROM member_years m JOIN fb ON fb.household_id = m.household_id AND fb.y = m.year GROUP BY m.household_id),
t AS (SELECT e.household_id,
        sum(CASE WHEN e.year = :Y - 1 AND (fb.y <> :Y - 1 OR e.source = 1) THEN (CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) ELSE 0 END) AS base,
        sum(CASE WHEN e.year = :Y AND e.month <= :MONTH THEN (CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) ELSE 0 END) AS recorded
      FROM income_entries e JOIN fb ON fb.household_id = e.household_id
      WHERE e.year IN (:Y - 1, :Y) AND e.excluded_reason IS NULL GROUP BY e.household_id),
r AS (SELECT h.id, h.code, v.name AS village, hf.type, pn.persons, pn.labour, coalesce(t.base, 0) AS base, coalesce(t.recorded, 0) AS recorded,
        coalesce(t.recorded, 0) + coalesce(t.base, 0) * (12 - :MONTH) / 12.0 AS projected
      FROM hf JOIN households h ON h.id = hf.household_id JOIN regions v ON v.id = h.village_id
      JOIN pn ON pn.household_id = hf.household_id LEFT JOIN t ON t.household_id = hf.household_id),
g AS (SELECT id, code, village, type = 1 AND labour > 0 AND recorded * 1.0 / persons < :LINE AS under, type = 1 AND labour > 0 AND projected / persons < :LINE AS under_projected,
        type, persons, base, recorded, projected FROM r),
m AS (SELECT household_id, count(*) AS measures, sum(CASE WHEN status IN (2, 3, 4) AND start <= ':DATE' THEN 1 ELSE 0 END) AS started,
        sum(CASE WHEN status IN (1, 2) AND "end" < ':DATE' THEN 1 ELSE 0 END) AS overdue FROM measures GROUP BY household_id)
SELECT g.code, g.village, g.projected / g.persons AS per_capita, coalesce(m.measures, 0), coalesce(m.started, 0), coalesce(m.overdue, 0)
FROM g LEFT JOIN m ON m.household_id = g.id WHERE g.under_projected ORDER BY per_capita, g.code;
