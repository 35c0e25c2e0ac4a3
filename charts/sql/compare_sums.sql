-- compare_sums: the compare page's whole counties (unit 'county'): every
-- body's latest report under a province or city in the chosen years,
-- summed by county, year and key. The sums are kept per batch in
-- derived_county_figures (migration 013), a row per county, year and key,
-- so that a province's sums are read, not added up over the tens of
-- thousands of reports of its counties on every visit.
--   $1: the region's code prefix; $2: the years, comma separated
-- Two kinds of rows, in no order (the page orders them: sorting a
-- province's 100 k rows took longer than reading them, issue 17):
--   a report row (key NULL) for each report that has a cell of the keys:
--     the bodies a total sums;
--   a key row (report_id NULL) for each county, year and key: the sum of
--     the values that are not blank, NULL when every one is (sum's rule).
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
), c AS (
	SELECT region_code, year, report_id, field_id, value FROM derived_county_figures
	WHERE starts_with(region_code, $1)
		AND list_contains(string_split($2, ','), CAST(year AS VARCHAR))
), bodies AS (
	SELECT p.* FROM picked p JOIN c ON c.report_id = p.report_id
), names AS (
	SELECT region_code, year, min(county) AS county FROM bodies GROUP BY region_code, year
)
SELECT report_id, region_code, county, agency_id, agency, year, template, NULL::VARCHAR AS key, NULL::DOUBLE AS value
FROM bodies
UNION ALL
SELECT NULL, c.region_code, n.county, NULL, NULL, c.year, NULL, k.key, c.value
FROM c
JOIN field_ids k ON k.id = c.field_id
LEFT JOIN names n ON n.region_code = c.region_code AND n.year = c.year
