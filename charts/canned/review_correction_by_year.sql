-- 历年复议纠错率（按报告平均）
-- 每年的报告数、算得出复议纠错率的报告数，以及各报告纠错率的平均值。

-- (report_metrics' review_correction_rate, read from the three fields it
-- needs in derived_main_figures, which holds every report's canonical
-- cells of eight fields (migration 017, kept per batch): 8 M rows at a
-- million reports instead of cell_values' 200 M.)
WITH v AS (
  SELECT f.report_id,
         max(f.value) FILTER (WHERE i.key = 'review.corrected') AS corrected,
         max(f.value) FILTER (WHERE i.key = 'review.total') AS total,
         max(f.value) FILTER (WHERE i.key = 'review.pending') AS pending
  FROM derived_main_figures f JOIN field_ids i ON i.id = f.field_id
  WHERE i.key IN ('review.corrected', 'review.total', 'review.pending')
  GROUP BY f.report_id),
m AS (
  SELECT r.year, v.corrected / nullif(v.total - v.pending, 0) AS review_correction_rate
  FROM reports r LEFT JOIN v ON v.report_id = r.id
  WHERE r.latest)
SELECT year, count(*) AS reports, count(review_correction_rate) AS with_rate,
       round(avg(review_correction_rate), 4) AS mean_rate
FROM m
GROUP BY year ORDER BY year
