-- quality_conflicts_page: one page of quality_conflicts ($1 rows from row
-- $2), the same rows in the same order. The page is chosen on the sort
-- keys alone and only its rows' differing cells are then read (by rowid):
-- at national scale the cells of every copy are tens of megabytes.
WITH top AS (
	SELECT p.rowid AS rid, p.copy_id, p.year, g.name AS agency
	FROM derived_conflicts p
	LEFT JOIN agencies g ON g.id = p.agency_id
	ORDER BY p.year DESC, agency, p.copy_id
	LIMIT $1 OFFSET $2
)
SELECT p.chosen_id, p.copy_id, t.agency, p.agency_id, p.year, p.chosen_url, p.copy_url,
	p.differing_cells, p.cells
FROM top t
JOIN derived_conflicts p ON p.rowid = t.rid
ORDER BY t.year DESC, t.agency, t.copy_id
