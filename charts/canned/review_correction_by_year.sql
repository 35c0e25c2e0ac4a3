-- 历年复议纠错率（按报告平均）
-- 每年的报告数、算得出复议纠错率的报告数，以及各报告纠错率的平均值。

-- (report_metrics' review_correction_rate, read from the three fields it
-- needs rather than the view's thirteen.)
WITH v AS (
  SELECT v.report_id,
         max(v.value) FILTER (WHERE i.key = 'review.corrected') AS corrected,
         max(v.value) FILTER (WHERE i.key = 'review.total') AS total,
         max(v.value) FILTER (WHERE i.key = 'review.pending') AS pending
  FROM cell_values v JOIN field_ids i ON i.id = v.field_id
  WHERE v.canonical AND i.key IN ('review.corrected', 'review.total', 'review.pending')
  GROUP BY v.report_id),
m AS (
  SELECT r.year, v.corrected / nullif(v.total - v.pending, 0) AS review_correction_rate
  FROM reports r LEFT JOIN v ON v.report_id = r.id
  WHERE r.latest)
SELECT year, count(*) AS reports, count(review_correction_rate) AS with_rate,
       round(avg(review_correction_rate), 4) AS mean_rate
FROM m
GROUP BY year ORDER BY year
