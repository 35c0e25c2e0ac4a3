-- 历年复议纠错率（合并计算）
-- 把所有报告的结果纠正与已审结件数加总后再相除，大县的分量更重。

-- (Only the three fields' rows of report_values are read: the others gave
-- groups of nulls that the WHERE below dropped.)
WITH w AS (
  SELECT year, report_id,
         max(value) FILTER (WHERE key = 'review.corrected') AS corrected,
         max(value) FILTER (WHERE key = 'review.total') - max(value) FILTER (WHERE key = 'review.pending') AS concluded
  FROM report_values
  WHERE key IN ('review.corrected', 'review.total', 'review.pending')
  GROUP BY year, report_id)
SELECT year, sum(corrected) AS corrected, sum(concluded) AS concluded,
       round(sum(corrected) / nullif(sum(concluded), 0), 4) AS pooled_rate
FROM w WHERE corrected IS NOT NULL AND concluded IS NOT NULL
GROUP BY year ORDER BY year
