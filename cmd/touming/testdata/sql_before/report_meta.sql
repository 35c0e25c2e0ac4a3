-- report_meta: one report ($1: reports.id, any version) with the document
-- that holds its tables and the number of versions at its URL.
SELECT r.id, r.source_id, r.url, r.agency, r.region_code,
	coalesce(g.name, r.region_name) AS region_name, r.year, r.template, r.title, r.published,
	r.version, r.latest, r.loaded_at,
	d.sha256, d.content_type, d.final_url, d.fetched_at, d.url AS document_url,
	(SELECT count(*) FROM reports v WHERE v.url = r.url) AS versions
FROM reports r
LEFT JOIN documents d ON d.id = r.document_id
LEFT JOIN regions g ON g.code = r.region_code
WHERE r.id = $1
