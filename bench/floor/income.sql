-- qingling income --year :Y: per household persons, the five categories, net, per capita, and growth on last year's per capita.
WITH fy AS (SELECT household_id, max(year) AS y FROM household_years WHERE year <= :Y GROUP BY household_id),
fp AS (SELECT household_id, max(year) AS y FROM household_years WHERE year <= :Y - 1 GROUP BY household_id),
pn AS (SELECT m.household_id, count(*) AS persons FROM member_years m JOIN fy ON fy.household_id = m.household_id AND fy.y = m.year GROUP BY m.household_id),
pp AS (SELECT m.household_id, count(*) AS persons FROM member_years m JOIN fp ON fp.household_id = m.household_id AND fp.y = m.year GROUP BY m.household_id),
tn AS (SELECT e.household_id,
         sum(CASE WHEN e.category = 1 THEN e.amount ELSE 0 END) AS wage, sum(CASE WHEN e.category = 2 THEN e.amount ELSE 0 END) AS production,
         sum(CASE WHEN e.category = 3 THEN e.amount ELSE 0 END) AS property, sum(CASE WHEN e.category = 4 THEN e.amount ELSE 0 END) AS transfer,
         sum(CASE WHEN e.category = 5 THEN e.amount ELSE 0 END) AS cost
       FROM income_entries e JOIN fy ON fy.household_id = e.household_id
       WHERE e.year = :Y AND e.excluded_reason IS NULL AND (fy.y <> :Y OR e.source = 1) GROUP BY e.household_id),
tp AS (SELECT e.household_id, sum(CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) AS net
       FROM income_entries e JOIN fp ON fp.household_id = e.household_id
       WHERE e.year = :Y - 1 AND e.excluded_reason IS NULL AND (fp.y <> :Y - 1 OR e.source = 1) GROUP BY e.household_id),
r AS (SELECT h.code, v.name AS village, pn.persons, coalesce(tn.wage, 0) AS wage, coalesce(tn.production, 0) AS production,
        coalesce(tn.property, 0) AS property, coalesce(tn.transfer, 0) AS transfer, coalesce(tn.cost, 0) AS cost,
        coalesce(tn.wage + tn.production + tn.property + tn.transfer - tn.cost, 0) AS net,
        round(coalesce(tn.wage + tn.production + tn.property + tn.transfer - tn.cost, 0) * 1.0 / pn.persons, 2) AS per_capita,
        round(tp.net * 1.0 / pp.persons, 2) AS previous
      FROM fy JOIN households h ON h.id = fy.household_id JOIN regions v ON v.id = h.village_id
      JOIN pn ON pn.household_id = fy.household_id LEFT JOIN tn ON tn.household_id = fy.household_id
      LEFT JOIN tp ON tp.household_id = fy.household_id LEFT JOIN pp ON pp.household_id = fy.household_id)
SELECT code, village, persons, wage, production, property, transfer, cost, net, per_capita,
       CASE WHEN previous > 0 THEN round((per_capita - previous) / previous, 4) END AS growth
FROM r ORDER BY village, code;
