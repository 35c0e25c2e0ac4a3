-- agency_reports: every report of one agency ($1: its id), newest year
-- first: the chosen one of each year, then its alternative copies with the
-- number of cells on which they differ from it.
-- The differing cells are counted as report_conflict_cells counts them
-- (a canonical cell's value on either side, distinct from the other's),
-- but only for this agency's copies: the view would compare every copy
-- in the warehouse first.
WITH mine AS (
	SELECT * FROM reports WHERE agency_id = $1 AND url_latest
), pairs AS (
	SELECT id AS copy_id, alternative_of AS chosen_id FROM mine WHERE alternative_of IS NOT NULL
), sides AS (
	SELECT p.copy_id, v.field_id, v.value, true AS chosen
	FROM pairs p JOIN cell_values v ON v.report_id = p.chosen_id AND v.canonical
	UNION ALL
	SELECT p.copy_id, v.field_id, v.value, false
	FROM pairs p JOIN cell_values v ON v.report_id = p.copy_id AND v.canonical
), cmp AS (
	SELECT copy_id, field_id,
		max(value) FILTER (WHERE chosen) AS chosen_value,
		max(value) FILTER (WHERE NOT chosen) AS copy_value
	FROM sides GROUP BY ALL
), differing AS (
	SELECT c.copy_id, count(*) AS n
	FROM cmp c JOIN field_ids i ON i.id = c.field_id
	WHERE c.chosen_value IS DISTINCT FROM c.copy_value
	GROUP BY c.copy_id
), failed AS (
	SELECT k.report_id, count(*) AS n
	FROM checks k JOIN mine r ON r.id = k.report_id
	WHERE NOT k.ok
	GROUP BY k.report_id
)
SELECT r.id AS report_id, r.year, r.latest, r.alternative_of, r.agency, r.url, r.published, r.template,
	coalesce(f.n, 0) AS failed,
	coalesce(d.n, 0) AS differing
FROM mine r
LEFT JOIN failed f ON f.report_id = r.id
LEFT JOIN differing d ON d.copy_id = r.id
ORDER BY r.year DESC NULLS LAST, r.latest DESC, r.id
