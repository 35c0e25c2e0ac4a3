-- quality_images: URLs whose latest document looks like a report but whose
-- tables could not be read as text (images, scans).
WITH latest_docs AS (
	SELECT * FROM documents
	QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC NULLS LAST, id DESC) = 1
)
SELECT id, source_id, url, final_url, status, error, sha256, fetched_at, title
FROM latest_docs
WHERE status IN ('no_tables', 'no_text')
ORDER BY fetched_at DESC NULLS LAST, url
