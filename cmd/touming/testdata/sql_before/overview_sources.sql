-- overview_sources: each source with what was fetched from it.
WITH latest_docs AS (
	SELECT * FROM documents
	QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC NULLS LAST, id DESC) = 1
)
SELECT s.id, s.name, s.region_code,
	(SELECT count(*) FROM latest_docs d WHERE d.source_id = s.id) AS documents,
	(SELECT count(*) FROM reports r WHERE r.latest AND r.source_id = s.id) AS reports,
	(SELECT count(*) FROM latest_docs d WHERE d.source_id = s.id
		AND d.status NOT IN ('ok', 'not_report', 'no_tables', 'no_text')) AS failed_documents,
	(SELECT max(fetched_at) FROM documents d WHERE d.source_id = s.id) AS last_fetched
FROM sources s
ORDER BY s.id
