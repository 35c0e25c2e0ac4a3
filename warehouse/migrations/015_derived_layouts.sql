-- 015: the grid labels of the cells view by layout (issue 17). The view
-- labelled each cell by joining grid_labels twice, and DuckDB built hash
-- tables over every label (51 M at a million reports) before its first
-- row: /data/cells ran out of the read side's memory. Most reports print
-- the same labels as many others, so the labels are kept once per
-- distinct layout, and each report names its layout:
--   derived_layouts: the labels of each layout, as grid_labels holds them
--     for any report of that layout;
--   derived_report_layouts: each report's layout (none when it has no
--     label), keyed by a 128-bit hash of its set of labels: bit_xor of
--     md5_number over each (table, axis, idx, label), which no order of
--     the rows changes and a report's (table, axis, idx) makes unique.
-- The view then joins a row per report and the few layouts' labels. The
-- tables are kept per batch with the other derived tables (derived.go,
-- sql/derived_layouts.sql); only tables of migration 003 are read here.
CREATE TABLE derived_report_layouts (
	report_id BIGINT NOT NULL,
	layout    UHUGEINT NOT NULL
);

CREATE TABLE derived_layouts (
	layout  UHUGEINT NOT NULL,
	"table" form_table,
	axis    VARCHAR NOT NULL,
	idx     INTEGER NOT NULL,
	label   VARCHAR NOT NULL
);

INSERT INTO derived_report_layouts
SELECT report_id, bit_xor(md5_number(concat_ws(chr(31), "table", axis, idx, label)))
FROM grid_labels
GROUP BY report_id
ORDER BY report_id;

-- One report of each layout gives its labels (any one: they are the same).
INSERT INTO derived_layouts
SELECT g.layout, l."table", l.axis, l.idx, l.label
FROM (SELECT layout, min(report_id) AS report_id FROM derived_report_layouts GROUP BY layout) g
JOIN grid_labels l ON l.report_id = g.report_id;
