-- body_values_ids: the main figures of the latest reports among some ids
-- ($1: report ids, comma separated), one row per report and key, for the
-- trends of the county and agency pages. The agency stands in the region
-- columns so that the page pivots a line per body. The figures are read
-- from derived_main_figures (migration 017: the canonical cells of these
-- eight fields, 8 M rows at a million reports), whole: read from
-- cell_values by report id, a county's reports, written among every other
-- county's, took a row group of 122,880 cells each.
SELECT r.id AS report_id, CAST(r.agency_id AS VARCHAR) AS region_code, a.name AS county,
	r.agency_id, r.agency, r.year, r.template, i.key, v.value
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN derived_main_figures v ON v.report_id = r.id
JOIN field_ids i ON i.id = v.field_id
WHERE r.latest AND r.year IS NOT NULL
	AND r.id IN (SELECT CAST(unnest(string_split($1, ',')) AS BIGINT))
	AND i.key IN ('apply.new_received.total', 'apply.granted.total', 'apply.partial.total',
		'apply.total_processed.total', 'review.total', 'review.corrected', 'review.pending',
		'active.licensing.decisions')
ORDER BY r.agency_id, r.year, r.id, i.key
