-- 一个字段在各报告中的原文
-- 每份报告中某个字段（默认：行政复议 结果纠正）读到的原文、分类与数值。
-- :key text review.corrected 字段键（见 fields 表）

-- (Reads cell_values, not the cells view: it needs no grid label, and the
-- labels' joins do not fit the read side's memory at a million reports.)
SELECT r.agency, r.year, c.raw, c.class, c.value
FROM latest_reports r
JOIN cell_values c ON c.report_id = r.id AND c.canonical
JOIN field_ids i ON i.id = c.field_id
WHERE i.key = :key
ORDER BY r.year, r.agency
