-- compare_types: the department types that publish under a province or
-- city in the chosen years, with how many counties have one.
--   $1: the region's code prefix; $2: the years, comma separated
SELECT a.dept_type, count(DISTINCT a.region_code) AS counties, count(*) AS reports
FROM reports r
JOIN agencies a ON a.id = r.agency_id
WHERE r.latest AND a.kind = 'department' AND a.dept_type IS NOT NULL
	AND starts_with(a.region_code, $1)
	AND length(a.region_code) = 6 AND right(a.region_code, 2) <> '00'
	AND list_contains(string_split($2, ','), CAST(r.year AS VARCHAR))
GROUP BY a.dept_type
ORDER BY counties DESC, reports DESC, a.dept_type
