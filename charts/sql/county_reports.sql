-- county_reports: every body of one region ($1: its code) with each of
-- its reports by year: the chosen (latest) one and its alternative
-- copies, with the number of failed checks. No URL: the page does not
-- show it, and at 1 M reading every report's URL was most of the query.
SELECT a.id AS agency_id, a.name AS agency, a.kind, a.dept_type,
	r.id AS report_id, r.year, r.latest, r.alternative_of,
	(SELECT count(*) FROM checks k WHERE k.report_id = r.id AND NOT k.ok) AS failed
FROM agencies a
JOIN reports r ON r.agency_id = a.id
WHERE a.region_code = $1 AND r.url_latest AND r.year IS NOT NULL
ORDER BY CASE a.kind WHEN 'province_government' THEN 0 WHEN 'city_government' THEN 0 WHEN 'county_government' THEN 0
		WHEN 'government_office' THEN 1 WHEN 'department' THEN 2 WHEN 'zone' THEN 3 WHEN 'township' THEN 4
		WHEN 'street' THEN 5 ELSE 6 END,
	a.dept_type NULLS LAST, a.name, r.year, r.latest DESC, r.id
