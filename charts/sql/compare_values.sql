-- compare_values: the numbers the compare page charts, for every county
-- under a province or city and the chosen years.
--   $1: the region's code prefix ('41' for a province, '4107' for a city)
--   $2: the years, comma separated ('2021,2022')
-- One report per county and year: when a county has several (its
-- government and its departments), the county government's own (agency
-- ending in 人民政府), else the lowest id.
WITH picked AS (
	SELECT r.id, r.region_code, coalesce(g.name, r.region_name, r.agency) AS county, r.agency, r.year, r.template
	FROM reports r
	LEFT JOIN regions g ON g.code = r.region_code
	WHERE r.latest
		AND starts_with(r.region_code, $1)
		AND length(r.region_code) = 6 AND right(r.region_code, 2) <> '00'
		AND list_contains(string_split($2, ','), CAST(r.year AS VARCHAR))
	QUALIFY row_number() OVER (PARTITION BY r.region_code, r.year
		ORDER BY (r.agency LIKE '%人民政府') DESC, r.id) = 1
)
SELECT p.id AS report_id, p.region_code, p.county, p.agency, p.year, p.template, v.key, v.value
FROM picked p
JOIN report_values v ON v.report_id = p.id
WHERE v.key LIKE 'active.%' OR v.key LIKE 'active2019.%'
	OR (v.key LIKE 'apply.%' AND v.key LIKE '%.total')
	OR v.key LIKE 'review.%' OR v.key LIKE 'lit\_%' ESCAPE '\'
ORDER BY p.region_code, p.year, v.key
