-- body_values: the main figures of the latest reports of one region's
-- bodies ($1: region code, '' for any) or of one agency ($2: agency id, 0
-- for any), one row per report and key, for the trends of the county and
-- agency pages. The agency stands in the region columns so that the page
-- pivots a line per body.
SELECT r.id AS report_id, CAST(r.agency_id AS VARCHAR) AS region_code, a.name AS county,
	r.agency_id, r.agency, r.year, r.template, i.key, v.value
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN cell_values v ON v.report_id = r.id AND v.canonical
JOIN field_ids i ON i.id = v.field_id
WHERE r.latest AND r.year IS NOT NULL
	AND ($1 = '' OR a.region_code = $1) AND ($2 = 0 OR r.agency_id = $2)
	AND i.key IN ('apply.new_received.total', 'apply.granted.total', 'apply.partial.total',
		'apply.total_processed.total', 'review.total', 'review.corrected', 'review.pending',
		'active.licensing.decisions')
ORDER BY r.agency_id, r.year, r.id, i.key
