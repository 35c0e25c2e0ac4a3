-- 013: the compare page's figures kept per batch (issue 17), so that a
-- province's whole-county sums and its governments' or departments'
-- figures are read from a few row groups instead of every cell:
--   derived_figures: every report's canonical cells of the fields the
--     compare page draws (sql/derived_figures_keys.sql), with its agency's
--     region and its year; written in region order here, so that a
--     province's rows lie together and DuckDB's zone maps skip the rest.
--   derived_county_figures: what compare_sums once computed for every
--     county and year: a row per latest report of the county's bodies
--     (field_id NULL) and a row per field with the sum of its values
--     (report_id NULL; NULL when every value is blank).
-- Every batch replaces the rows of the reports whose cells it wrote and of
-- the counties it touched (derived_figures.go); touming check rebuilds
-- them (sql/derived_figures_fill.sql, whose text of now is copied below).
CREATE TABLE derived_figures (
	report_id   BIGINT NOT NULL,
	region_code VARCHAR,
	year        INTEGER,
	field_id    SMALLINT NOT NULL,
	value       DOUBLE
);

CREATE TABLE derived_county_figures (
	region_code VARCHAR NOT NULL,
	year        INTEGER NOT NULL,
	report_id   BIGINT,
	field_id    SMALLINT,
	value       DOUBLE
);

-- The backfill, in SQL. A warehouse whose migration-011 tables are not
-- filled yet is filled whole by the open after the migrations
-- (derived.go's rebuild, which fills these too): it is skipped here then,
-- so that a million reports are not read twice.
INSERT INTO derived_figures
SELECT v.report_id, a.region_code, r.year, v.field_id, v.value
FROM cell_values v
JOIN reports r ON r.id = v.report_id
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE v.canonical
	AND v.field_id IN (SELECT id FROM field_ids
		WHERE key LIKE 'active.%' OR key LIKE 'active2019.%'
			OR (key LIKE 'apply.%' AND key LIKE '%.total')
			OR key LIKE 'review.%' OR key LIKE 'lit\_%' ESCAPE '\')
	AND (SELECT bool_and(filled) FROM derived_state)
ORDER BY a.region_code, r.year, v.report_id;

INSERT INTO derived_county_figures
SELECT a.region_code, r.year, f.report_id, f.field_id,
	CASE WHEN GROUPING(f.field_id) = 0 THEN sum(f.value) END
FROM derived_figures f
JOIN reports r ON r.id = f.report_id
JOIN agencies a ON a.id = r.agency_id
WHERE r.latest AND r.year IS NOT NULL
	AND length(a.region_code) = 6 AND right(a.region_code, 2) <> '00'
GROUP BY GROUPING SETS ((a.region_code, r.year, f.field_id), (a.region_code, r.year, f.report_id))
ORDER BY 1, 2, 3 NULLS LAST, 4;
