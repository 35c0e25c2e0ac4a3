-- 016: the counts that let a batch correct derived_county_figures' sums
-- by the reports it moved in or out of a county-year instead of summing
-- the county's reports again (issue 17; derived_figures_apply.sql), on
-- each field's row (NULL on the rows that name a report):
--   figures: how many of the county-year's latest reports have a figure
--     of the field (the row goes when none has);
--   valued: how many of those figures are not blank (the sum is NULL when
--     none is, as sum() over blanks is);
--   inexact: how many are not integers or are too large to add exactly
--     (2^40 or more): while any is, a batch sums the county again whole,
--     so that the sums stay those of a full recompute.
-- Counted here from derived_figures for a warehouse whose derived tables
-- are filled (the sums are those the batches kept); one whose are not is
-- filled whole by the open after the migrations
-- (sql/derived_figures_counties.sql).
ALTER TABLE derived_county_figures ADD COLUMN figures INTEGER;
ALTER TABLE derived_county_figures ADD COLUMN valued INTEGER;
ALTER TABLE derived_county_figures ADD COLUMN inexact INTEGER;

CREATE TEMP TABLE m016_counts AS
SELECT a.region_code, r.year, f.field_id, count(*) AS figures, count(f.value) AS valued,
	count(*) FILTER (WHERE f.value <> trunc(f.value) OR abs(f.value) >= 2^40) AS inexact
FROM derived_figures f
JOIN reports r ON r.id = f.report_id
JOIN agencies a ON a.id = r.agency_id
WHERE r.latest AND r.year IS NOT NULL
	AND length(a.region_code) = 6 AND right(a.region_code, 2) <> '00'
	AND (SELECT bool_and(filled) FROM derived_state)
GROUP BY ALL;

UPDATE derived_county_figures c SET figures = m.figures, valued = m.valued, inexact = m.inexact
FROM m016_counts m
WHERE c.report_id IS NULL AND c.region_code = m.region_code AND c.year = m.year AND c.field_id = m.field_id;

DROP TABLE m016_counts;
