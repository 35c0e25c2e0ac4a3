-- derived_figures, whole (touming check, the first open after migration
-- 011): every report's figures, in region order (see migration 013), and
-- figure_counties set to every county so that derived_figures_counties.sql
-- recomputes them all. Reads figure_keys (derived_figures_keys.sql).
DELETE FROM derived_figures;
INSERT INTO derived_figures
SELECT v.report_id, a.region_code, r.year, v.field_id, v.value
FROM cell_values v
JOIN reports r ON r.id = v.report_id
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE v.canonical AND v.field_id IN (SELECT id FROM figure_keys)
ORDER BY a.region_code, r.year, v.report_id;
CREATE OR REPLACE TEMP TABLE figure_counties AS
SELECT DISTINCT region_code FROM agencies WHERE region_code IS NOT NULL;
