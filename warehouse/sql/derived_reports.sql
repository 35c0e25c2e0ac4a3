-- derived_reports: one row per latest report with what the quality,
-- overview and audit pages count of it: its failed checks (count and
-- rules, as report_checks gives them), and the audit's per-report figures
-- (as audit_reports gives them: 勾稽 C1–C4, carry-over C5, timeliness,
-- completeness, copying), with the keys the audit page groups by. The rows
-- of the reports in derived_scope are replaced.
DELETE FROM derived_reports WHERE report_id IN (SELECT report_id FROM derived_scope);
INSERT INTO derived_reports
WITH k AS (
	SELECT report_id,
		count(*) FILTER (WHERE NOT ok) AS failed_checks,
		string_agg(DISTINCT rule, ', ' ORDER BY rule) FILTER (WHERE NOT ok) AS failed_rules,
		bool_and(ok) FILTER (WHERE rule IN ('C1', 'C2', 'C3', 'C4')) AS arith_ok
	FROM checks
	WHERE report_id IN (SELECT report_id FROM derived_scope)
	GROUP BY report_id
), f AS (
	SELECT report_id,
		bool_and(ok) FILTER (WHERE rule = 'C5') AS carry_ok,
		bool_and(ok) FILTER (WHERE rule = 'timeliness') AS on_time,
		bool_and(ok) FILTER (WHERE rule = 'completeness') AS complete,
		NOT bool_and(ok) FILTER (WHERE rule = 'copying') AS copied
	FROM findings
	WHERE report_id IN (SELECT report_id FROM derived_scope)
	GROUP BY report_id
)
SELECT r.id, r.agency_id, r.agency, r.year, r.url, coalesce(g.kind, 'other'),
	CASE WHEN r.region_code IS NOT NULL THEN left(r.region_code, 2) || '0000' END,
	coalesce(k.failed_checks, 0), k.failed_rules, k.arith_ok, f.carry_ok, f.on_time, f.complete, f.copied
FROM reports r
LEFT JOIN agencies g ON g.id = r.agency_id
LEFT JOIN k ON k.report_id = r.id
LEFT JOIN f ON f.report_id = r.id
WHERE r.latest AND r.id IN (SELECT report_id FROM derived_scope);
