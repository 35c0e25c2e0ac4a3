-- 历年复议纠错率（合并计算）
-- 把所有报告的结果纠正与已审结件数加总后再相除，大县的分量更重。

-- (report_values' rows of the three fields, read from
-- derived_main_figures, which holds every report's canonical cells of
-- eight fields (migration 017, kept per batch; 8 M rows at a million
-- reports), joined to the latest reports as report_values is. The null
-- rows report_values adds for missing fields change no max() and were
-- dropped by the WHERE below.)
WITH w AS (
  SELECT r.year, f.report_id,
         max(f.value) FILTER (WHERE i.key = 'review.corrected') AS corrected,
         max(f.value) FILTER (WHERE i.key = 'review.total') - max(f.value) FILTER (WHERE i.key = 'review.pending') AS concluded
  FROM derived_main_figures f
  JOIN field_ids i ON i.id = f.field_id
  JOIN reports r ON r.id = f.report_id
  WHERE r.latest AND i.key IN ('review.corrected', 'review.total', 'review.pending')
  GROUP BY r.year, f.report_id)
SELECT year, sum(corrected) AS corrected, sum(concluded) AS concluded,
       round(sum(corrected) / nullif(sum(concluded), 0), 4) AS pooled_rate
FROM w WHERE corrected IS NOT NULL AND concluded IS NOT NULL
GROUP BY year ORDER BY year
