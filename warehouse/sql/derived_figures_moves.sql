-- The moves of a batch in and out of its counties' county-years (the
-- counties of figure_counties), before its rewritten reports' old figures
-- go: derived_county_figures keeps each county-year's sums, which the
-- batch corrects by what it changed instead of summing every report of
-- the county again (derived_figures holds a million reports' rows in the
-- order the batches wrote them, so a county's lie in every row group).
--   fc_old: the county-years' latest reports before the batch (the rows
--     of derived_county_figures that name a report), and fc_new, those of
--     now (the one-report rule has settled): both made before this file
--     (derived_figures.go), of every report of the counties or of the
--     reports a batch of new reports may have moved only;
--   fc_moves: -1 for a report that left a county-year or whose figures
--     the batch rewrote (fc_rewritten), +1 for one that entered it or was
--     rewritten in it;
--   fc_delta: the figures of the reports moved out, negated by sign
--     (derived_figures_apply.sql adds those of the reports moved in).
-- The joins with fc_moves, a few dozen ids, become filters of
-- derived_figures' scan that skip the row groups holding none of them.
CREATE OR REPLACE TEMP TABLE fc_moves AS
SELECT *, -1 AS sign FROM (
	SELECT * FROM fc_old EXCEPT SELECT * FROM fc_new
	UNION SELECT * FROM fc_old WHERE report_id IN (SELECT id FROM fc_rewritten))
UNION ALL
SELECT *, 1 FROM (
	SELECT * FROM fc_new EXCEPT SELECT * FROM fc_old
	UNION SELECT * FROM fc_new WHERE report_id IN (SELECT id FROM fc_rewritten));
-- derived_figures' region is its report's agency's when the batch wrote
-- its figures, the county fc_old names it in: a second filter, which
-- prunes when the table is in region order (after touming check).
CREATE OR REPLACE TEMP TABLE fc_delta AS
SELECT m.region_code, m.year, f.field_id, f.value, m.sign
FROM derived_figures f JOIN fc_moves m ON m.report_id = f.report_id AND m.region_code = f.region_code
WHERE m.sign = -1 AND f.region_code IN (SELECT region_code FROM fc_moves WHERE sign = -1);
