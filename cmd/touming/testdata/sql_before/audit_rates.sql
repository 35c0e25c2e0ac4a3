-- audit_rates: the audit page's figures by province, kind of body or year
-- ($1): per group the latest reports, and for each measure how many were
-- assessed and how many failed (勾稽 C1–C4, carry-over C5, timeliness,
-- completeness, copying), with the rate in percent of those assessed.
WITH g AS (
	SELECT CASE $1 WHEN 'province' THEN coalesce(province_code, '') WHEN 'kind' THEN kind ELSE CAST(year AS VARCHAR) END AS key,
		CASE $1 WHEN 'province' THEN coalesce(province_name, '地区不明') WHEN 'kind' THEN kind ELSE CAST(year AS VARCHAR) || ' 年' END AS name,
		*
	FROM audit_reports
	WHERE $1 <> 'year' OR year IS NOT NULL
)
SELECT key, any_value(name) AS name, count(*) AS reports,
	count(arith_ok) AS arith_assessed, count(*) FILTER (WHERE NOT arith_ok) AS arith_failed,
	round(100.0 * count(*) FILTER (WHERE NOT arith_ok) / nullif(count(arith_ok), 0), 1) AS arith_rate,
	count(carry_ok) AS carry_assessed, count(*) FILTER (WHERE NOT carry_ok) AS carry_failed,
	round(100.0 * count(*) FILTER (WHERE NOT carry_ok) / nullif(count(carry_ok), 0), 1) AS carry_rate,
	count(on_time) AS time_assessed, count(*) FILTER (WHERE on_time) AS time_ok,
	round(100.0 * count(*) FILTER (WHERE on_time) / nullif(count(on_time), 0), 1) AS time_rate,
	count(complete) AS complete_assessed, count(*) FILTER (WHERE complete) AS complete_ok,
	round(100.0 * count(*) FILTER (WHERE complete) / nullif(count(complete), 0), 1) AS complete_rate,
	count(copied) AS copy_assessed, count(*) FILTER (WHERE copied) AS copy_failed,
	round(100.0 * count(*) FILTER (WHERE copied) / nullif(count(copied), 0), 1) AS copy_rate
FROM g
GROUP BY key
ORDER BY key
