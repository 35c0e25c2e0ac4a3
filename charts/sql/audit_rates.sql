-- audit_rates: the audit page's figures by province, kind of body or year
-- ($1): per group the latest reports, and for each measure how many were
-- assessed and how many failed (勾稽 C1–C4, carry-over C5, timeliness,
-- completeness, copying), with the rate in percent of those assessed.
-- Each latest report's figures are kept per batch in derived_reports (what
-- audit_reports gives); the province's name is joined after counting.
WITH g AS (
	SELECT CASE $1 WHEN 'province' THEN coalesce(province_code, '') WHEN 'kind' THEN kind ELSE CAST(year AS VARCHAR) END AS key,
		arith_ok, carry_ok, on_time, complete, copied
	FROM derived_reports
	WHERE $1 <> 'year' OR year IS NOT NULL
), counted AS (
	SELECT key, count(*) AS reports,
		count(arith_ok) AS arith_assessed, count(*) FILTER (WHERE NOT arith_ok) AS arith_failed,
		count(carry_ok) AS carry_assessed, count(*) FILTER (WHERE NOT carry_ok) AS carry_failed,
		count(on_time) AS time_assessed, count(*) FILTER (WHERE on_time) AS time_ok,
		count(complete) AS complete_assessed, count(*) FILTER (WHERE complete) AS complete_ok,
		count(copied) AS copy_assessed, count(*) FILTER (WHERE copied) AS copy_failed
	FROM g
	GROUP BY key
)
SELECT c.key,
	CASE $1 WHEN 'province' THEN coalesce(p.name, '地区不明') WHEN 'kind' THEN c.key ELSE c.key || ' 年' END AS name,
	c.reports,
	c.arith_assessed, c.arith_failed, round(100.0 * c.arith_failed / nullif(c.arith_assessed, 0), 1) AS arith_rate,
	c.carry_assessed, c.carry_failed, round(100.0 * c.carry_failed / nullif(c.carry_assessed, 0), 1) AS carry_rate,
	c.time_assessed, c.time_ok, round(100.0 * c.time_ok / nullif(c.time_assessed, 0), 1) AS time_rate,
	c.complete_assessed, c.complete_ok, round(100.0 * c.complete_ok / nullif(c.complete_assessed, 0), 1) AS complete_rate,
	c.copy_assessed, c.copy_failed, round(100.0 * c.copy_failed / nullif(c.copy_assessed, 0), 1) AS copy_rate
FROM counted c
LEFT JOIN regions p ON $1 = 'province' AND p.code = c.key
ORDER BY c.key
