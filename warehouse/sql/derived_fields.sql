-- derived_missing_fields: the fields of each report's template that it
-- has no canonical cell for (report_values' null rows; migration 014).
-- A report's rows depend on its template and its own cells only, so the
-- rows of the reports in derived_touched (the ids the batch wrote,
-- re-flagged or re-read; every report for a rebuild) are replaced, from a
-- bitmap of the field ids each has (as in migration 014's backfill); a
-- report no longer in the warehouse keeps none. The reports are joined
-- with derived_touched, not filtered by IN: DuckDB applied the IN after
-- pairing every report with its template's fields (20 M rows, 4-7 s a
-- batch at 100 k reports).
DELETE FROM derived_missing_fields WHERE report_id IN (SELECT id FROM derived_touched);
INSERT INTO derived_missing_fields
WITH have AS (
	SELECT report_id, field_id // 64 AS word, bit_or(CAST(1 AS UBIGINT) << (field_id % 64)) AS bits
	FROM cell_values WHERE canonical AND report_id IN (SELECT id FROM derived_touched)
	GROUP BY ALL
)
SELECT r.id, f.key
FROM derived_touched t
JOIN reports r ON r.id = t.id
JOIN fields f ON f.template IN ('both', r.template)
LEFT JOIN field_ids i ON i.key = f.key
LEFT JOIN have h ON h.report_id = r.id AND h.word = i.id // 64
WHERE coalesce((h.bits >> (i.id % 64)) & 1, 0) = 0;
