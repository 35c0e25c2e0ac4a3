-- Views over agencies and the one-report rule (see docs/warehouse.md).

-- report_conflict_cells and report_alternatives: every alternative copy of a report: a document
-- that gives the same agency and year as the chosen (latest) report, with
-- the number of canonical cells whose values differ (0: the same numbers).
CREATE OR REPLACE VIEW report_conflict_cells AS
WITH pairs AS (
	SELECT id AS copy_id, alternative_of AS chosen_id FROM reports WHERE alternative_of IS NOT NULL
), sides AS (
	SELECT p.copy_id, p.chosen_id, v.field_id, v.value, true AS chosen
	FROM pairs p JOIN cell_values v ON v.report_id = p.chosen_id AND v.canonical
	UNION ALL
	SELECT p.copy_id, p.chosen_id, v.field_id, v.value, false
	FROM pairs p JOIN cell_values v ON v.report_id = p.copy_id AND v.canonical
), cmp AS (
	SELECT copy_id, chosen_id, field_id,
		max(value) FILTER (WHERE chosen) AS chosen_value,
		max(value) FILTER (WHERE NOT chosen) AS copy_value
	FROM sides GROUP BY ALL
)
SELECT c.chosen_id, c.copy_id, i.key, c.chosen_value, c.copy_value
FROM cmp c JOIN field_ids i ON i.id = c.field_id
WHERE c.chosen_value IS DISTINCT FROM c.copy_value;

COMMENT ON VIEW report_conflict_cells IS 'cells whose value differs between the chosen report of an agency-year and an alternative copy';

CREATE OR REPLACE VIEW report_alternatives AS
SELECT a.id AS copy_id, a.alternative_of AS chosen_id, a.agency_id, a.year, a.url AS copy_url, c.url AS chosen_url,
	a.published AS copy_published, c.published AS chosen_published,
	(SELECT count(*) FROM report_conflict_cells x WHERE x.copy_id = a.id) AS differing_cells
FROM reports a JOIN reports c ON c.id = a.alternative_of
WHERE a.alternative_of IS NOT NULL;

COMMENT ON VIEW report_alternatives IS 'alternative copies of each agency-year''s report; differing_cells > 0 is a conflict';
