-- report_meta: one report ($1: reports.id, any version) with the document
-- that holds its tables. The page counts the versions at its URL from
-- report_versions (a count here read every report's URL: 30-70 ms at 1 M).
SELECT r.id, r.source_id, r.url, r.agency, r.region_code,
	coalesce(g.name, r.region_name) AS region_name, r.year, r.template, r.title, r.published,
	r.version, r.latest, r.loaded_at,
	d.sha256, d.content_type, d.final_url, d.fetched_at, d.url AS document_url
FROM reports r
LEFT JOIN documents d ON d.id = r.document_id
LEFT JOIN regions g ON g.code = r.region_code
WHERE r.id = $1
