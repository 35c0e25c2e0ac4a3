-- quality_conflicts: agency-years given by two documents whose numbers
-- differ: the chosen (latest) report, the copy, and the cells that differ.
-- The differing cells (report_conflict_cells) are compared once and
-- grouped by copy, rather than once per copy in a correlated subquery as
-- report_alternatives' differing_cells would; ties in the order go by copy.
WITH per AS (
	SELECT x.copy_id, count(*) AS differing_cells,
		string_agg(x.key || ' ' || coalesce(regexp_replace(CAST(x.chosen_value AS VARCHAR), '\.0$', ''), '空') || '≠' || coalesce(regexp_replace(CAST(x.copy_value AS VARCHAR), '\.0$', ''), '空'), '; ' ORDER BY x.key) AS cells
	FROM report_conflict_cells x
	GROUP BY x.copy_id
)
SELECT a.alternative_of AS chosen_id, a.id AS copy_id, g.name AS agency, a.agency_id, a.year, c.url AS chosen_url, a.url AS copy_url,
	p.differing_cells, p.cells
FROM reports a
JOIN reports c ON c.id = a.alternative_of
JOIN per p ON p.copy_id = a.id
LEFT JOIN agencies g ON g.id = a.agency_id
ORDER BY a.year DESC, agency, copy_id
