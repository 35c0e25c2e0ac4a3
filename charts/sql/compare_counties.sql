-- compare_counties: the counties under a province or city that have any
-- latest report (of any body) in the chosen years, so that a county whose
-- government published nothing shows "no report" rather than vanishing.
--   $1: the region's code prefix; $2: the years, comma separated
SELECT DISTINCT a.region_code, coalesce(g.name, a.region_name, a.region_code) AS county
FROM reports r
JOIN agencies a ON a.id = r.agency_id
LEFT JOIN regions g ON g.code = a.region_code
WHERE r.latest
	AND starts_with(a.region_code, $1)
	AND length(a.region_code) = 6 AND right(a.region_code, 2) <> '00'
	AND list_contains(string_split($2, ','), CAST(r.year AS VARCHAR))
ORDER BY a.region_code
