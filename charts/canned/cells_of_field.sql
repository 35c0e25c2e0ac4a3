-- 一个字段在各报告中的原文
-- 每份报告中某个字段（默认：行政复议 结果纠正）读到的原文、分类与数值。
-- :key text review.corrected 字段键（见 fields 表）

-- (Reads the canonical cells, not the cells view: it needs no grid label.
-- The eight fields the county pages draw come from derived_main_figures
-- (migrations 017 and 018, kept per batch: 8 M rows at a million reports),
-- any other field from cell_values (200 M rows, one in 200 of them the
-- field's). The key is a literal here, so DuckDB reads only one of the
-- two branches.)
SELECT r.agency, r.year, c.raw, c.class, c.value
FROM latest_reports r
JOIN (
  SELECT report_id, field_id, raw, class, value FROM derived_main_figures
  WHERE :key IN ('apply.new_received.total', 'apply.granted.total', 'apply.partial.total',
    'apply.total_processed.total', 'review.total', 'review.corrected', 'review.pending', 'active.licensing.decisions')
  UNION ALL
  SELECT report_id, field_id, raw, class, value FROM cell_values
  WHERE canonical AND :key NOT IN ('apply.new_received.total', 'apply.granted.total', 'apply.partial.total',
    'apply.total_processed.total', 'review.total', 'review.corrected', 'review.pending', 'active.licensing.decisions')
) c ON c.report_id = r.id
JOIN field_ids i ON i.id = c.field_id
WHERE i.key = :key
ORDER BY r.year, r.agency
