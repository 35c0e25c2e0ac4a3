-- 003: cells split for loading speed. A cell row held its key and its grid
-- labels as text: at 200 cells a report, most of the bytes loaded. Now the
-- key is a small integer (field_ids, append-only, so an id never changes
-- meaning), the labels are kept once per grid row and column
-- (grid_labels), and the view cells (sql/views.sql) joins them back into
-- the columns it had.
CREATE TABLE field_ids (
	id  SMALLINT PRIMARY KEY,
	key VARCHAR NOT NULL UNIQUE
);

CREATE TABLE cell_values (
	report_id BIGINT NOT NULL,
	field_id  SMALLINT NOT NULL,
	value     DOUBLE,
	raw       VARCHAR,
	class     cell_class NOT NULL,
	"table"   form_table,
	"row"     INTEGER,
	col       INTEGER,
	canonical BOOLEAN NOT NULL
);

-- grid_labels: the label a grid row (axis 'row') or column (axis 'col') of
-- a report's table was printed with.
CREATE TABLE grid_labels (
	report_id BIGINT NOT NULL,
	"table"   form_table,
	axis      VARCHAR NOT NULL,
	idx       INTEGER NOT NULL,
	label     VARCHAR NOT NULL
);

INSERT INTO field_ids
SELECT row_number() OVER (ORDER BY key) AS id, key FROM (SELECT DISTINCT key FROM cells);

INSERT INTO cell_values
SELECT c.report_id, f.id, c.value, c.raw, c.class, c."table", c."row", c.col, c.canonical
FROM cells c JOIN field_ids f ON f.key = c.key;

INSERT INTO grid_labels
SELECT report_id, "table", 'row', "row", any_value(row_label) FROM cells
WHERE row_label IS NOT NULL AND "row" IS NOT NULL GROUP BY ALL
UNION ALL
SELECT report_id, "table", 'col', col, any_value(col_label) FROM cells
WHERE col_label IS NOT NULL AND col IS NOT NULL GROUP BY ALL;

DROP TABLE cells;
