-- browse_document_related: the other documents seen at the same URL
-- ($1: the URL; each distinct content is a row) and the attachments whose
-- parent page it is, newest first.
SELECT CASE WHEN url = $1 THEN '同一地址的其他内容' ELSE '附件' END AS relation,
	id, url, fetched_at, status, sha256, report_id, title
FROM documents
WHERE (url = $1 AND id <> $2) OR parent = $1
ORDER BY relation, fetched_at DESC NULLS LAST, id DESC
