-- ocr_crop: the picture of one OCR cell: report $1, field key $2.
SELECT o.crop
FROM ocr_cells o JOIN field_ids f ON f.id = o.field_id
WHERE o.report_id = $1 AND f.key = $2
LIMIT 1
