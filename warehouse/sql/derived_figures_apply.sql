-- The county-years the batch moved reports in or out of (fc_moves,
-- derived_figures_moves.sql), corrected: fc_delta gets the figures of the
-- reports moved in (their new figures, written by now), and each
-- field's sum, count of figures and of non-blank ones (migration 016) is
-- the old one plus the delta. A sum is NULL when no figure left is
-- non-blank, as sum() over blanks is. Integer sums are exact in any
-- order; a county-year whose figures are not all integers is listed in
-- fc_inexact and summed again whole (derived_figures.go), so that the sums
-- of doubles stay those of a full recompute.
INSERT INTO fc_delta
SELECT m.region_code, m.year, f.field_id, f.value, m.sign
FROM derived_figures f JOIN fc_moves m ON m.report_id = f.report_id AND m.region_code = f.region_code
WHERE m.sign = 1 AND f.region_code IN (SELECT region_code FROM fc_moves WHERE sign = 1);
CREATE OR REPLACE TEMP TABLE fc_years AS SELECT DISTINCT region_code, year FROM fc_moves;
CREATE OR REPLACE TEMP TABLE fc_fields AS
WITH d AS (
	SELECT region_code, year, field_id, sum(sign) AS figures, coalesce(sum(sign) FILTER (WHERE value IS NOT NULL), 0) AS valued,
		count(*) FILTER (WHERE value <> trunc(value) OR abs(value) >= 2^40) AS inexact, sum(sign * value) AS value
	FROM fc_delta GROUP BY ALL
), o AS (
	SELECT c.region_code, c.year, c.field_id, c.figures, c.valued, c.inexact, c.value
	FROM derived_county_figures c JOIN fc_years y USING (region_code, year)
	WHERE c.field_id IS NOT NULL AND c.region_code IN (SELECT region_code FROM fc_years)
)
SELECT region_code, year, field_id,
	coalesce(o.figures, 0) + coalesce(d.figures, 0) AS figures,
	coalesce(o.valued, 0) + coalesce(d.valued, 0) AS valued,
	coalesce(o.inexact, 0) + coalesce(d.inexact, 0) AS inexact,
	coalesce(o.value, 0) + coalesce(d.value, 0) AS value
FROM o FULL JOIN d USING (region_code, year, field_id);
-- Counted to zero or below zero (which only a table out of step with
-- derived_figures gives) is recomputed too.
CREATE OR REPLACE TEMP TABLE fc_inexact AS
SELECT DISTINCT region_code FROM fc_fields WHERE inexact > 0 OR figures < 0 OR valued < 0 OR valued > figures;
-- The county-years' sums are replaced, and their reports by the moves:
-- those moved out (or rewritten) go, those moved in come (fc_new may
-- hold only the reports the batch moved: derived_figures.go).
DELETE FROM derived_county_figures c USING fc_years y
WHERE c.region_code = y.region_code AND c.year = y.year AND c.region_code IN (SELECT region_code FROM fc_years)
	AND (c.field_id IS NOT NULL OR c.report_id IN (SELECT report_id FROM fc_moves));
INSERT INTO derived_county_figures (region_code, year, report_id, field_id, value, figures, valued, inexact)
SELECT region_code, year, report_id, NULL, NULL, NULL, NULL, NULL
FROM fc_moves WHERE sign = 1
UNION ALL
SELECT region_code, year, NULL, field_id, CASE WHEN valued > 0 THEN value END, figures, valued, inexact
FROM fc_fields WHERE figures > 0
ORDER BY 1, 2, 3 NULLS LAST, 4;
