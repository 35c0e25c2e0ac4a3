-- quality_documents: URLs whose latest document failed (a fetch or
-- extraction error, an unsupported or damaged file), newest first. A URL
-- that failed once and was fetched fine later is not listed. Each URL's
-- latest document is kept per batch in derived_documents; the documents'
-- own status is filtered too (the same), so that DuckDB reads the other
-- columns of the failed documents only.
SELECT d.id, d.source_id, d.url, d.final_url, d.status, d.error, d.http_status, d.sha256, d.fetched_at, d.title
FROM derived_documents l
JOIN documents d ON d.id = l.id
WHERE l.status NOT IN ('ok', 'not_report', 'no_tables', 'no_text')
	AND d.status NOT IN ('ok', 'not_report', 'no_tables', 'no_text')
ORDER BY d.fetched_at DESC NULLS LAST, d.url
