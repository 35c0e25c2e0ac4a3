-- 014: derived_missing_fields, the fields of each report's template that
-- it has no canonical cell for (issue 17). report_values gives each such
-- field a null row; finding them took a pass over every cell before the
-- view's first row (16 s at a million reports). The table is kept per
-- batch with the other derived tables (derived.go, sql/derived_fields.sql)
-- and holds a row for every report, latest or not: the view keeps the
-- latest through reports, whose flag a batch may move.
CREATE TABLE derived_missing_fields (
	report_id BIGINT NOT NULL,
	key       VARCHAR NOT NULL
);

-- The backfill of an existing warehouse, in one pass over the cells: per
-- report, a bitmap of the field ids it has a canonical cell for, 64 ids a
-- word (a grouped aggregate of a few words a report, where an anti-join
-- would hash every cell), then each template field whose bit is unset.
-- Only tables of migration 003 are read. sql/derived_fields.sql is the
-- same statement for the reports a batch touched.
INSERT INTO derived_missing_fields
WITH have AS (
	SELECT report_id, field_id // 64 AS word, bit_or(CAST(1 AS UBIGINT) << (field_id % 64)) AS bits
	FROM cell_values WHERE canonical
	GROUP BY ALL
)
SELECT r.id, f.key
FROM reports r
JOIN fields f ON f.template IN ('both', r.template)
LEFT JOIN field_ids i ON i.key = f.key
LEFT JOIN have h ON h.report_id = r.id AND h.word = i.id // 64
WHERE coalesce((h.bits >> (i.id % 64)) & 1, 0) = 0;
