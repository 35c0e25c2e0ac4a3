-- derived_report_layouts and derived_layouts: each report's layout of grid
-- labels and each layout's labels (migration 015, whose statements these
-- follow). A report's layout depends on its own labels only, so the rows
-- of the reports in derived_touched (the ids the batch wrote, re-flagged or
-- re-read; every report for a rebuild) are replaced; a report no longer in
-- the warehouse keeps none. A layout no report names any more is dropped,
-- and a layout new to the warehouse gets its labels.
CREATE OR REPLACE TEMP TABLE derived_layouts_old AS
SELECT DISTINCT layout FROM derived_report_layouts WHERE report_id IN (SELECT id FROM derived_touched);
DELETE FROM derived_report_layouts WHERE report_id IN (SELECT id FROM derived_touched);
INSERT INTO derived_report_layouts
SELECT report_id, bit_xor(md5_number(concat_ws(chr(31), "table", axis, idx, label)))
FROM grid_labels
WHERE report_id IN (SELECT id FROM derived_touched)
GROUP BY report_id;
-- The layouts still named are looked for among the old ones only: NOT IN
-- over every report's layout hashed all of them (60-75 ms at 1 M), even
-- for a batch of new reports, which has none. A layout is never NULL.
DELETE FROM derived_layouts
WHERE layout IN (SELECT layout FROM derived_layouts_old
	WHERE layout NOT IN (SELECT layout FROM derived_report_layouts WHERE layout IN (SELECT layout FROM derived_layouts_old)));
INSERT INTO derived_layouts
SELECT g.layout, l."table", l.axis, l.idx, l.label
FROM (
	SELECT layout, min(report_id) AS report_id FROM derived_report_layouts
	WHERE report_id IN (SELECT id FROM derived_touched)
	  AND layout NOT IN (SELECT layout FROM derived_layouts)
	GROUP BY layout
) g
JOIN grid_labels l ON l.report_id = g.report_id;
DROP TABLE derived_layouts_old;
