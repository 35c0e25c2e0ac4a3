-- derived_documents: each URL's latest document (the newest fetched, then
-- the highest id), with what the quality and overview pages count of it.
-- The rows of the URLs in derived_urls are replaced. derived_docs holds
-- the ids of every document at those URLs (derived.go: found by their
-- keys in lookup_keys; every document for a rebuild), so that documents
-- and derived_documents are read by id, where a filter on the URL alone
-- read every row's (derived_test.go compares the table with the query
-- over every document after each batch).
DELETE FROM derived_documents WHERE id IN (SELECT id FROM derived_docs) AND url IN (SELECT url FROM derived_urls);
INSERT INTO derived_documents
SELECT url, id, source_id, status FROM documents
WHERE id IN (SELECT id FROM derived_docs) AND url IN (SELECT url FROM derived_urls)
QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC NULLS LAST, id DESC) = 1;
