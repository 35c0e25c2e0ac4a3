-- compare_sums: the compare page's whole counties (unit 'county'): every
-- body's latest report under a province or city in the chosen years,
-- summed by county, year and key here rather than sent to the page report
-- by report (a province's counties have tens of thousands of reports).
--   $1: the region's code prefix; $2: the years, comma separated
-- Two kinds of rows, in one pass over the cells:
--   a report row (key NULL) for each report that has a cell of the keys,
--     in report order: the bodies a total sums;
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
), keys AS (
	SELECT id, key FROM field_ids
	WHERE key LIKE 'active.%' OR key LIKE 'active2019.%'
		OR (key LIKE 'apply.%' AND key LIKE '%.total')
		OR key LIKE 'review.%' OR key LIKE 'lit\_%' ESCAPE '\'
), vals AS (
	SELECT p.report_id, p.region_code, p.county, p.agency_id, p.agency, p.year, p.template, k.key, v.value
	FROM picked p
	JOIN cell_values v ON v.report_id = p.report_id AND v.canonical
	JOIN keys k ON k.id = v.field_id
)
SELECT report_id, region_code, any_value(county) AS county, agency_id, agency, year, template, key,
	CASE WHEN key IS NOT NULL THEN sum(value) END AS value
FROM vals
GROUP BY GROUPING SETS ((region_code, year, key), (region_code, year, report_id, agency_id, agency, template))
ORDER BY region_code, year, report_id NULLS LAST, key
