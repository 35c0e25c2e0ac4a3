-- overview_coverage: which regions (counties, and cities or provinces that
-- report themselves) have latest reports for which years. Reports with no
-- region code are grouped under their agency.
SELECT coalesce(r.region_code, '') AS region_code,
	coalesce(g.name, r.region_name, r.agency, '') AS region,
	r.year,
	count(*) AS reports
FROM reports r
LEFT JOIN regions g ON g.code = r.region_code
WHERE r.latest AND r.year IS NOT NULL
GROUP BY ALL
ORDER BY region_code, region, r.year
