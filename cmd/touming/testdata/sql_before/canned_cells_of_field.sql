-- 一个字段在各报告中的原文
-- 每份报告中某个字段（默认：行政复议 结果纠正）读到的原文、分类与数值。
-- :key text review.corrected 字段键（见 fields 表）
SELECT r.agency, r.year, c.raw, c.class, c.value
FROM latest_reports r JOIN cells c ON c.report_id = r.id AND c.canonical
WHERE c.key = :key
ORDER BY r.year, r.agency
