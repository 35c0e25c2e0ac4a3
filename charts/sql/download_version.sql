-- download_version: what changes whenever a load or crawl writes: the
-- whole-dataset downloads are rebuilt when it differs from theirs.
SELECT (SELECT count(*) FROM documents) || '/' || coalesce(CAST((SELECT max(loaded_at) FROM documents) AS VARCHAR), '')
	|| '/' || (SELECT count(*) FROM reports) || '/' || coalesce(CAST((SELECT max(loaded_at) FROM reports) AS VARCHAR), '') AS version
