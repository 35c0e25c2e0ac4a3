-- quality_images: URLs whose latest document (derived_documents) looks
-- like a report but whose tables could not be read as text (images, scans).
-- The documents' own status is filtered too (the same), so that DuckDB
-- reads the other columns of those documents only.
SELECT d.id, d.source_id, d.url, d.final_url, d.status, d.error, d.sha256, d.fetched_at, d.title
FROM derived_documents l
JOIN documents d ON d.id = l.id
WHERE l.status IN ('no_tables', 'no_text') AND d.status IN ('no_tables', 'no_text')
ORDER BY d.fetched_at DESC NULLS LAST, d.url
