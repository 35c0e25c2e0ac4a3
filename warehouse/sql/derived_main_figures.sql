-- derived_main_figures: the canonical cells of the county and agency
-- pages' eight fields, with their raw text and class for the SQL page's
-- cells_of_field (migrations 017 and 018, whose backfill is this
-- statement over every report). A report's rows are its own cells, so the rows of
-- the reports in derived_touched (the ids the batch wrote, re-flagged or
-- re-read; every report for a rebuild) are replaced; a report no longer
-- in the warehouse keeps none.
DELETE FROM derived_main_figures WHERE report_id IN (SELECT id FROM derived_touched);
INSERT INTO derived_main_figures
SELECT v.report_id, v.field_id, v.value, v.raw, v.class
FROM cell_values v
WHERE v.canonical AND v.report_id IN (SELECT id FROM derived_touched)
	AND v.field_id IN (SELECT id FROM field_ids WHERE key IN ('apply.new_received.total', 'apply.granted.total',
		'apply.partial.total', 'apply.total_processed.total', 'review.total', 'review.corrected', 'review.pending',
		'active.licensing.decisions'));
