-- report_ocr: where each cell of one report ($1) read by OCR came from.
SELECT f.key, o.conf, o.image, o.x, o.y, o.w, o.h
FROM ocr_cells o JOIN field_ids f ON f.id = o.field_id
WHERE o.report_id = $1
