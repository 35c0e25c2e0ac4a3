-- quality_conflicts: agency-years given by two documents whose numbers
-- differ: the chosen (latest) report, the copy, and the cells that differ.
-- Each copy's differing cells (report_conflict_cells, grouped by copy) are
-- kept per batch in derived_conflicts with the two reports' URLs; ties in
-- the order go by copy.
SELECT p.chosen_id, p.copy_id, g.name AS agency, p.agency_id, p.year, p.chosen_url, p.copy_url,
	p.differing_cells, p.cells
FROM derived_conflicts p
LEFT JOIN agencies g ON g.id = p.agency_id
ORDER BY p.year DESC, agency, p.copy_id
