-- 新收申请最多的县
-- 各县（区）每年新收政府信息公开申请数，最多的在前。
-- :limit integer 20 显示的行数
SELECT m.region_code, m.region_name, m.agency, m.year, m.applications
FROM report_metrics m JOIN regions g ON g.code = m.region_code AND g.level = 'county'
ORDER BY m.applications DESC NULLS LAST, m.year DESC
LIMIT :limit
