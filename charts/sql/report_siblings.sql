-- report_siblings: the agency of one report ($1: reports.id) and that
-- agency's reports of every year (the chosen one and alternative copies),
-- for the report page's links.
SELECT a.id AS agency_id, a.name AS agency_name, a.kind, a.dept_type, a.region_code,
	coalesce(g.name, a.region_name) AS region_name,
	s.id AS report_id, s.year, s.latest, s.alternative_of
FROM reports r
JOIN agencies a ON a.id = r.agency_id
LEFT JOIN regions g ON g.code = a.region_code
JOIN reports s ON s.agency_id = a.id AND s.url_latest
WHERE r.id = $1
ORDER BY s.year, s.latest DESC, s.id
