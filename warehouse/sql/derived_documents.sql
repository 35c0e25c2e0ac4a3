-- derived_documents: each URL's latest document (the newest fetched, then
-- the highest id), with what the quality and overview pages count of it.
-- The rows of the URLs in derived_urls are replaced.
DELETE FROM derived_documents WHERE url IN (SELECT url FROM derived_urls);
INSERT INTO derived_documents
SELECT url, id, source_id, status FROM documents
WHERE url IN (SELECT url FROM derived_urls)
QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC NULLS LAST, id DESC) = 1;
