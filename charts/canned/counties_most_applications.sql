-- 新收申请最多的县
-- 各县（区）每年新收政府信息公开申请数，最多的在前。
-- :limit integer 20 显示的行数

-- (report_metrics' applications, read from derived_main_figures, which
-- holds every report's canonical cells of eight fields (migration 017,
-- kept per batch): 8 M rows at a million reports against cell_values'
-- 200 M.)
WITH a AS (
  SELECT f.report_id, max(f.value) AS applications
  FROM derived_main_figures f JOIN field_ids i ON i.id = f.field_id
  WHERE i.key = 'apply.new_received.total'
  GROUP BY f.report_id)
SELECT r.region_code, r.region_name, r.agency, r.year, a.applications
FROM reports r
JOIN regions g ON g.code = r.region_code AND g.level = 'county'
LEFT JOIN a ON a.report_id = r.id
WHERE r.latest
ORDER BY a.applications DESC NULLS LAST, r.year DESC
LIMIT :limit
