-- quality_checks: latest reports with at least one failed check.
SELECT report_id, agency, year, url,
	count(*) AS failed,
	string_agg(DISTINCT rule, ', ' ORDER BY rule) AS rules
FROM report_checks
WHERE NOT ok
GROUP BY report_id, agency, year, url
ORDER BY failed DESC, year DESC, agency
