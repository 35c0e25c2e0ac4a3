-- agency_reports: every report of one agency ($1: its id), newest year
-- first: the chosen one of each year, then its alternative copies with the
-- number of cells on which they differ from it.
SELECT r.id AS report_id, r.year, r.latest, r.alternative_of, r.agency, r.url, r.published, r.template,
	(SELECT count(*) FROM checks k WHERE k.report_id = r.id AND NOT k.ok) AS failed,
	(SELECT count(*) FROM report_conflict_cells x WHERE x.copy_id = r.id) AS differing
FROM reports r
WHERE r.agency_id = $1 AND r.url_latest
ORDER BY r.year DESC NULLS LAST, r.latest DESC, r.id
