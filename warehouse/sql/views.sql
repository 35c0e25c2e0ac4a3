-- Views for analysts. They are derived, not data: every read-write open
-- re-creates them when this file changes (see catalog.go), so they follow
-- the code without a migration.

-- latest_reports: the newest version of every report.
CREATE OR REPLACE VIEW latest_reports AS
SELECT * FROM reports WHERE latest;

-- cells: every value cell as read, with its key and grid labels. Table 二
-- prints a header of its own over each block of rows (本年制发件数 over 规章,
-- 本年处理决定数量 over 行政许可, 本年收费金额 over 收费), while grid_labels
-- keeps one label per column: there a cell's column label is its field's.
--
-- The labels are grid_labels', read through each report's layout
-- (migration 015, sql/derived_layouts.sql): the joins build hash tables
-- over a row per report and the distinct layouts' labels, not over every
-- label, so that the view streams at national scale (issue 17). A filter
-- on report_id reaches cell_values and derived_report_layouts.
CREATE OR REPLACE VIEW cells AS
SELECT v.report_id, i.key, v.value, v.raw, v.class, v."table", v."row", v.col,
	rl.label AS row_label,
	CASE WHEN v."table" = '二' THEN coalesce(f."column", cl.label) ELSE cl.label END AS col_label,
	v.canonical
FROM cell_values v
JOIN field_ids i ON i.id = v.field_id
LEFT JOIN (SELECT DISTINCT key, "column" FROM fields) f ON f.key = i.key
LEFT JOIN derived_report_layouts y ON y.report_id = v.report_id
LEFT JOIN derived_layouts rl ON rl.layout = y.layout AND rl."table" = v."table" AND rl.axis = 'row' AND rl.idx = v."row"
LEFT JOIN derived_layouts cl ON cl.layout = y.layout AND cl."table" = v."table" AND cl.axis = 'col' AND cl.idx = v.col;

-- report_values: one row per field of each latest report: every key of the
-- report's template (null when the cell was blank, a dash, text or
-- missing), then any further canonical key the report carries.
--
-- Written so that it streams at national scale (issue 17). A field key is
-- in at most one template (fields.key is the primary key), so the rows
-- with a cell are exactly the latest reports' canonical cells: the first
-- branch reads cell_values as the probe side against the latest reports
-- and the field ids (small build sides), in report order, holding no hash
-- table over the cells. The second branch gives a null row to each field
-- of a report's template it has no canonical cell for, which
-- derived_missing_fields holds (kept per batch: migration 014,
-- sql/derived_fields.sql), so no pass over the cells finds them. A filter
-- on the report's columns (report_id, agency, year, ...) or on key reaches
-- both branches.
CREATE OR REPLACE VIEW report_values AS
SELECT r.id AS report_id, r.source_id, r.url, r.agency, r.year, r.template, i.key, v.value
FROM cell_values v
JOIN reports r ON r.id = v.report_id
JOIN field_ids i ON i.id = v.field_id
WHERE v.canonical AND r.latest
UNION ALL
SELECT r.id, r.source_id, r.url, r.agency, r.year, r.template, m.key, CAST(NULL AS DOUBLE)
FROM derived_missing_fields m
JOIN reports r ON r.id = m.report_id
WHERE r.latest;

-- report_checks: the checking relations of each latest report.
CREATE OR REPLACE VIEW report_checks AS
SELECT r.id AS report_id, r.source_id, r.url, r.agency, r.year, r.template,
       k.rule, k.subject, k.ok, k.expected, k.actual, k.cells, k.message
FROM reports r JOIN checks k ON k.report_id = r.id
WHERE r.latest;
