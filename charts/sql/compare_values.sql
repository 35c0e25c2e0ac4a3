-- compare_values: the numbers the compare page charts, for the counties
-- under a province or city, the chosen years and the chosen unit.
--   $1: the region's code prefix ('41' for a province, '4107' for a city)
--   $2: the years, comma separated ('2022,2023')
--   $3: the unit: 'gov' (county governments: kind county_government),
--       'dept' (departments of type $4) or 'county' (every body of the
--       county, summed by the page)
--   $4: the department type for 'dept' (agencies.dept_type), else ''
-- It reads only the reports it shows: the latest report of each agency and
-- year is picked first, then only their cells of the keys the page draws
-- (not the report_values view, which would pivot every report).
WITH picked AS (
	SELECT r.id AS report_id, a.region_code, coalesce(g.name, a.region_name) AS county,
		r.agency_id, r.agency, r.year, r.template
	FROM reports r
	JOIN agencies a ON a.id = r.agency_id
	LEFT JOIN regions g ON g.code = a.region_code
	WHERE r.latest
		AND starts_with(a.region_code, $1)
		AND length(a.region_code) = 6 AND right(a.region_code, 2) <> '00'
		AND list_contains(string_split($2, ','), CAST(r.year AS VARCHAR))
		AND CASE $3
			WHEN 'gov' THEN a.kind = 'county_government'
			WHEN 'dept' THEN a.kind = 'department' AND a.dept_type = $4
			ELSE true END
), keys AS (
	SELECT id, key FROM field_ids
	WHERE key LIKE 'active.%' OR key LIKE 'active2019.%'
		OR (key LIKE 'apply.%' AND key LIKE '%.total')
		OR key LIKE 'review.%' OR key LIKE 'lit\_%' ESCAPE '\'
)
SELECT p.report_id, p.region_code, p.county, p.agency_id, p.agency, p.year, p.template, k.key, v.value
FROM picked p
JOIN cell_values v ON v.report_id = p.report_id AND v.canonical
JOIN keys k ON k.id = v.field_id
ORDER BY p.region_code, p.year, p.report_id, k.key
