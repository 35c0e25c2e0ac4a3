-- quality_documents: URLs whose latest document failed (a fetch or
-- extraction error, an unsupported or damaged file), newest first. A URL
-- that failed once and was fetched fine later is not listed.
WITH latest_docs AS (
	SELECT * FROM documents
	QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC NULLS LAST, id DESC) = 1
)
SELECT id, source_id, url, final_url, status, error, http_status, sha256, fetched_at, title
FROM latest_docs
WHERE status NOT IN ('ok', 'not_report', 'no_tables', 'no_text')
ORDER BY fetched_at DESC NULLS LAST, url
