-- archive_document: the content type of an archived body ($1: sha256).
SELECT content_type, url FROM documents WHERE sha256 = $1 ORDER BY fetched_at DESC NULLS LAST LIMIT 1
