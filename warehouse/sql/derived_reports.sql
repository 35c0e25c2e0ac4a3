-- derived_reports: one row per latest report with what the quality,
-- overview and audit pages count of it: its failed checks (count and
-- rules, as report_checks gives them), and the audit's per-report figures
-- (as audit_reports gives them: 勾稽 C1–C4, carry-over C5, timeliness,
-- completeness, copying), with the keys the audit page groups by. The rows
-- of the reports in derived_scope are replaced. The audit figures come
-- from derived_findings (derived.go: the findings the batch's audit wrote
-- for the reports in derived_audited, and those of reports newly latest
-- that it did not audit); a report kept in scope whose findings the audit
-- did not touch keeps the figures it had (derived_old).
CREATE OR REPLACE TEMP TABLE derived_old AS
SELECT report_id, carry_ok, on_time, complete, copied FROM derived_reports
WHERE report_id IN (SELECT report_id FROM derived_scope);
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
	FROM derived_findings
	GROUP BY report_id
), fig AS (
	-- the figures each report in scope has now
	SELECT s.report_id,
		CASE WHEN a.report_id IS NULL AND o.report_id IS NOT NULL THEN o.carry_ok ELSE f.carry_ok END AS carry_ok,
		CASE WHEN a.report_id IS NULL AND o.report_id IS NOT NULL THEN o.on_time ELSE f.on_time END AS on_time,
		CASE WHEN a.report_id IS NULL AND o.report_id IS NOT NULL THEN o.complete ELSE f.complete END AS complete,
		CASE WHEN a.report_id IS NULL AND o.report_id IS NOT NULL THEN o.copied ELSE f.copied END AS copied
	FROM derived_scope s
	LEFT JOIN derived_audited a ON a.report_id = s.report_id
	LEFT JOIN derived_old o ON o.report_id = s.report_id
	LEFT JOIN f ON f.report_id = s.report_id
)
SELECT r.id, r.agency_id, r.agency, r.year, r.url, coalesce(g.kind, 'other'),
	CASE WHEN r.region_code IS NOT NULL THEN left(r.region_code, 2) || '0000' END,
	coalesce(k.failed_checks, 0), k.failed_rules, k.arith_ok, x.carry_ok, x.on_time, x.complete, x.copied
FROM derived_scope s
JOIN reports r ON r.rowid = s.rid
-- The agencies in scope only: joined whole, the agencies (160 k at 1 M)
-- were hashed in every batch.
LEFT JOIN (SELECT id, kind FROM agencies
	WHERE id IN (SELECT agency_id FROM reports WHERE id IN (SELECT report_id FROM derived_scope))) g ON g.id = r.agency_id
LEFT JOIN k ON k.report_id = r.id
JOIN fig x ON x.report_id = r.id
WHERE r.latest;
