-- qingling targets --year :Y: 脱贫户 with labour (普通或技能劳动力) whose per capita net income is under the line, lowest first.
WITH fy AS (SELECT household_id, max(year) AS y FROM household_years WHERE year <= :Y GROUP BY household_id),
hf AS (SELECT f.household_id, f.type FROM household_years f JOIN fy ON fy.household_id = f.household_id AND fy.y = f.year),
pn AS (SELECT m.household_id, count(*) AS persons, sum(CASE WHEN m.labour IN (1, 2) THEN 1 ELSE 0 END) AS labour
       FROM member_years m JOIN fy ON fy.household_id = m.household_id AND fy.y = m.year GROUP BY m.household_id),
tn AS (SELECT e.household_id, sum(CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) AS net
       FROM income_entries e JOIN fy ON fy.household_id = e.household_id
       WHERE e.year = :Y AND e.excluded_reason IS NULL AND (fy.y <> :Y OR e.source = 1) GROUP BY e.household_id),
r AS (SELECT h.code, v.name AS village, pn.persons, round(coalesce(tn.net, 0) * 1.0 / pn.persons, 2) AS per_capita, pn.labour
      FROM hf JOIN households h ON h.id = hf.household_id JOIN regions v ON v.id = h.village_id
      JOIN pn ON pn.household_id = hf.household_id LEFT JOIN tn ON tn.household_id = hf.household_id
      WHERE hf.type = 1 AND pn.labour > 0)
SELECT code, village, persons, per_capita, :LINE - per_capita AS gap, labour FROM r WHERE per_capita < :LINE ORDER BY per_capita, code;
