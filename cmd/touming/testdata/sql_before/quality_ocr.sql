-- quality_ocr: the cells a person should check in reports read from
-- pictures by OCR and left for review (status ocr_review): those OCR was
-- unsure of and those of a check that failed, each with its crop.
WITH review AS (
	SELECT DISTINCT report_id FROM documents WHERE status = 'ocr_review' AND report_id IS NOT NULL
), failed AS (
	SELECT DISTINCT report_id, unnest(cells) AS key FROM checks WHERE NOT ok
)
SELECT r.id AS report_id, r.agency, r.year, c.key, c.raw, c.value, c.class, o.conf, o.image
FROM review v
JOIN reports r ON r.id = v.report_id
JOIN cells c ON c.report_id = r.id AND c.canonical
JOIN field_ids f ON f.key = c.key
JOIN ocr_cells o ON o.report_id = r.id AND o.field_id = f.id
WHERE c.class = 'ocr_unsure' OR EXISTS (SELECT 1 FROM failed x WHERE x.report_id = r.id AND x.key = c.key)
ORDER BY r.id, c.class DESC, c.key
