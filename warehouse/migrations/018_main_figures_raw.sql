-- 018: derived_main_figures keeps each cell's raw text and class beside
-- its value, so that the SQL page's cells_of_field reads the eight fields
-- from these 8 M rows at a million reports instead of cell_values' 200 M
-- (issue 17: there one field's cells are one row in 200, and fetching
-- raw, class and value decompressed every vector of the table). Re-made
-- rather than altered: a column added by ALTER would have to be filled
-- by an UPDATE joining 8 M rows to the cells, where the backfill reads
-- them once. As in 017, a warehouse whose derived tables are not filled
-- yet is filled whole by the open after the migrations
-- (sql/derived_main_figures.sql over every report).
DROP TABLE derived_main_figures;
CREATE TABLE derived_main_figures (
	report_id BIGINT NOT NULL,
	field_id  SMALLINT NOT NULL,
	value     DOUBLE,
	raw       VARCHAR,
	class     cell_class NOT NULL
);

INSERT INTO derived_main_figures
SELECT v.report_id, v.field_id, v.value, v.raw, v.class
FROM cell_values v
WHERE v.canonical
	AND v.field_id IN (SELECT id FROM field_ids WHERE key IN ('apply.new_received.total', 'apply.granted.total',
		'apply.partial.total', 'apply.total_processed.total', 'review.total', 'review.corrected', 'review.pending',
		'active.licensing.decisions'))
	AND (SELECT bool_and(filled) FROM derived_state);
