-- 新收申请最多的县
-- 各县（区）每年新收政府信息公开申请数，最多的在前。
-- :limit integer 20 显示的行数

-- (report_metrics' applications, read from the one field it needs rather
-- than the view's thirteen.)
WITH a AS (
  SELECT v.report_id, max(v.value) AS applications
  FROM cell_values v JOIN field_ids i ON i.id = v.field_id
  WHERE v.canonical AND i.key = 'apply.new_received.total'
  GROUP BY v.report_id)
SELECT r.region_code, r.region_name, r.agency, r.year, a.applications
FROM reports r
JOIN regions g ON g.code = r.region_code AND g.level = 'county'
LEFT JOIN a ON a.report_id = r.id
WHERE r.latest
ORDER BY a.applications DESC NULLS LAST, r.year DESC
LIMIT :limit
