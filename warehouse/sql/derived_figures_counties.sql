-- derived_county_figures for the counties in figure_counties, summed
-- whole (touming check's rebuild, and a batch's county-years whose figures
-- are not all integers: derived_figures_apply.sql): each county-year's
-- latest reports of its bodies (a row each, field_id NULL) and the sum of
-- each field over them (report_id NULL; sum leaves a blank out and is NULL
-- when every one is), as compare_sums summed them once, with the counts a
-- batch corrects them by (migration 016).
-- derived_figures' region is its report's agency's (kept so by the batch
-- that writes a report's cells and by the rebuild after agencies move):
-- filtering on it too lets DuckDB skip the other counties' row groups.
DELETE FROM derived_county_figures WHERE region_code IN (SELECT region_code FROM figure_counties);
-- Two plain aggregations rather than GROUPING SETS, which DuckDB groups
-- several times slower (0.4 s against tens of ms for a batch's counties).
INSERT INTO derived_county_figures (region_code, year, report_id, field_id, value, figures, valued, inexact)
WITH f AS (
	SELECT a.region_code, r.year, f.report_id, f.field_id, f.value
	FROM derived_figures f
	JOIN reports r ON r.id = f.report_id
	JOIN agencies a ON a.id = r.agency_id
	WHERE f.region_code IN (SELECT region_code FROM figure_counties)
		AND a.region_code IN (SELECT region_code FROM figure_counties)
		AND r.latest AND r.year IS NOT NULL
		AND length(a.region_code) = 6 AND right(a.region_code, 2) <> '00'
)
SELECT region_code, year, report_id, NULL::SMALLINT, NULL::DOUBLE, NULL::INTEGER, NULL::INTEGER, NULL::INTEGER
FROM f GROUP BY region_code, year, report_id
UNION ALL
SELECT region_code, year, NULL, field_id, sum(value), count(*), count(value),
	count(*) FILTER (WHERE value <> trunc(value) OR abs(value) >= 2^40)
FROM f GROUP BY region_code, year, field_id
ORDER BY 1, 2, 3 NULLS LAST, 4;
