-- quality_conflicts: agency-years given by two documents whose numbers
-- differ: the chosen (latest) report, the copy, and the cells that differ.
SELECT a.chosen_id, a.copy_id, g.name AS agency, a.agency_id, a.year, a.chosen_url, a.copy_url,
	a.differing_cells,
	(SELECT string_agg(x.key || ' ' || coalesce(regexp_replace(CAST(x.chosen_value AS VARCHAR), '\.0$', ''), '空') || '≠' || coalesce(regexp_replace(CAST(x.copy_value AS VARCHAR), '\.0$', ''), '空'), '; ' ORDER BY x.key)
		FROM report_conflict_cells x WHERE x.copy_id = a.copy_id) AS cells
FROM report_alternatives a
LEFT JOIN agencies g ON g.id = a.agency_id
WHERE a.differing_cells > 0
ORDER BY a.year DESC, agency
