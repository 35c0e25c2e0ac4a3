-- 历年复议纠错率（按报告平均）
-- 每年的报告数、算得出复议纠错率的报告数，以及各报告纠错率的平均值。
SELECT year, count(*) AS reports, count(review_correction_rate) AS with_rate,
       round(avg(review_correction_rate), 4) AS mean_rate
FROM report_metrics
GROUP BY year ORDER BY year
