-- 没有得到报告的文件
-- 按原因统计没有读出报告的文件，各举一例。
SELECT status, count(*) AS documents, any_value(url) AS example, any_value(error) AS reason
FROM documents WHERE report_id IS NULL
GROUP BY status ORDER BY documents DESC
