-- 勾稽关系不成立的报告
-- 某条规则不成立的报告及差额（C1：新收 + 上年结转 = 办理结果总计 + 结转下年度）。
-- :rule text C1 规则（C1、C2、C3、C4 或 C6）
SELECT report_id, agency, year, subject, expected, actual, actual - expected AS off_by, url
FROM report_checks
WHERE rule = :rule AND NOT ok
ORDER BY year DESC, agency
