-- qingling progress --date :DATE (plan year :Y, baseline :Y - 1): per household the baseline year's and the plan year's income
-- recorded up to month :MONTH, projected to the year at the baseline's pace; by village and for the town: households and
-- persons under the line (recorded, projected), population growth (recorded, projected) of 脱贫户.
WITH fb AS (SELECT household_id, max(year) AS y FROM household_years WHERE year <= :Y - 1 GROUP BY household_id),
hf AS (SELECT f.household_id, f.type FROM household_years f JOIN fb ON fb.household_id = f.household_id AND fb.y = f.year),
pn AS (SELECT m.household_id, count(*) AS persons, sum(CASE WHEN m.labour IN (1, 2) THEN 1 ELSE 0 END) AS labour
       FROM member_years m JOIN fb ON fb.household_id = m.household_id AND fb.y = m.year GROUP BY m.household_id),
t AS (SELECT e.household_id,
        sum(CASE WHEN e.year = :Y - 1 AND (fb.y <> :Y - 1 OR e.source = 1) THEN (CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) ELSE 0 END) AS base,
        sum(CASE WHEN e.year = :Y AND e.month <= :MONTH THEN (CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) ELSE 0 END) AS recorded
      FROM income_entries e JOIN fb ON fb.household_id = e.household_id
      WHERE e.year IN (:Y - 1, :Y) AND e.excluded_reason IS NULL GROUP BY e.household_id),
r AS (SELECT v.name AS village, hf.type, pn.persons, pn.labour, coalesce(t.base, 0) AS base, coalesce(t.recorded, 0) AS recorded,
        coalesce(t.recorded, 0) + coalesce(t.base, 0) * (12 - :MONTH) / 12.0 AS projected
      FROM hf JOIN households h ON h.id = hf.household_id JOIN regions v ON v.id = h.village_id
      JOIN pn ON pn.household_id = hf.household_id LEFT JOIN t ON t.household_id = hf.household_id),
g AS (SELECT village, type = 1 AND labour > 0 AND recorded * 1.0 / persons < :LINE AS under, type = 1 AND labour > 0 AND projected / persons < :LINE AS under_projected,
        type, persons, base, recorded, projected FROM r)
SELECT village, sum(CASE WHEN under THEN 1 ELSE 0 END), sum(CASE WHEN under THEN persons ELSE 0 END),
       sum(CASE WHEN under_projected THEN 1 ELSE 0 END),
       sum(CASE WHEN type = 1 THEN recorded ELSE 0 END) * 1.0 / nullif(sum(CASE WHEN type = 1 THEN base ELSE 0 END), 0) - 1,
       sum(CASE WHEN type = 1 THEN projected ELSE 0 END) * 1.0 / nullif(sum(CASE WHEN type = 1 THEN base ELSE 0 END), 0) - 1
FROM g GROUP BY village
UNION ALL
SELECT '全镇', sum(CASE WHEN under THEN 1 ELSE 0 END), sum(CASE WHEN under THEN persons ELSE 0 END),
       sum(CASE WHEN under_projected THEN 1 ELSE 0 END),
       sum(CASE WHEN type = 1 THEN recorded ELSE 0 END) * 1.0 / nullif(sum(CASE WHEN type = 1 THEN base ELSE 0 END), 0) - 1,
       sum(CASE WHEN type = 1 THEN projected ELSE 0 END) * 1.0 / nullif(sum(CASE WHEN type = 1 THEN base ELSE 0 END), 0) - 1
FROM g ORDER BY 1;
