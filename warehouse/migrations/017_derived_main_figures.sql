-- 017: derived_main_figures, every report's canonical cells of the eight
-- fields the county and agency pages' trends draw and the SQL page's
-- canned queries read (issue 17): new applications, granted, partly
-- granted and processed (apply.*.total), reviews, corrected and pending
-- (review.*), licensing decisions. At a million reports that is 8 M rows
-- against cell_values' 200 M and derived_figures' 50 M, small enough that
-- a county's 330 reports, written among every other county's, are read by
-- a scan of the whole table in milliseconds, where cell_values' were
-- read from 330 of its row groups. A blank cell keeps its null row (a
-- missing one has none), as in cell_values. Kept per batch with the other
-- derived tables (derived.go, sql/derived_main_figures.sql), for every
-- report, latest or not: the pages keep the latest through reports.
CREATE TABLE derived_main_figures (
	report_id BIGINT NOT NULL,
	field_id  SMALLINT NOT NULL,
	value     DOUBLE
);

-- The backfill of an existing warehouse. One whose migration-011 tables
-- are not filled yet is filled whole by the open after the migrations
-- (derived.go's rebuild, which runs sql/derived_main_figures.sql over
-- every report): it is skipped here then, so that the cells are not read
-- twice.
INSERT INTO derived_main_figures
SELECT v.report_id, v.field_id, v.value
FROM cell_values v
WHERE v.canonical
	AND v.field_id IN (SELECT id FROM field_ids WHERE key IN ('apply.new_received.total', 'apply.granted.total',
		'apply.partial.total', 'apply.total_processed.total', 'review.total', 'review.corrected', 'review.pending',
		'active.licensing.decisions'))
	AND (SELECT bool_and(filled) FROM derived_state);
