-- 一个字段历年的合计
-- 某个字段（默认：新收申请总计）每年在各报告中的合计、平均与有数值的报告数。
-- :key text apply.new_received.total 字段键（见 fields 表）
SELECT year, count(value) AS reports_with_value, sum(value) AS total, round(avg(value), 2) AS mean
FROM report_values
WHERE key = :key
GROUP BY year ORDER BY year
