-- report_sources: every source that served each report, with that
-- source's region. A report is stored once, with the region of the source
-- that brought it first; when two portals serve the same bytes (a city
-- portal republishing a county's report, or the same file on two sites),
-- each source's documents link to that one report, and this view gives
-- each source its own row and region.
CREATE OR REPLACE VIEW report_sources AS
SELECT d.report_id, d.source_id, s.region_code, g.name AS region_name,
	min(d.id) AS document_id, arg_min(d.final_url, d.id) AS url
FROM documents d
JOIN sources s ON s.id = d.source_id
LEFT JOIN regions g ON g.code = s.region_code
WHERE d.report_id IS NOT NULL
GROUP BY d.report_id, d.source_id, s.region_code, g.name;
