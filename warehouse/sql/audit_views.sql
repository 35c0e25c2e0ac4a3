-- The audit's derived objects (issue 13, docs/audit.md). The rules view is
-- generated from the catalogue (rules.tsv) before this file runs.

-- audit_num: a figure as the messages print it (3, 2.5; NULL stays NULL).
CREATE OR REPLACE MACRO audit_num(x) AS
	CASE WHEN x IS NULL THEN NULL WHEN x = round(x) THEN CAST(CAST(x AS BIGINT) AS VARCHAR) ELSE CAST(round(x, 2) AS VARCHAR) END;

-- audit_render: a rule's message template filled in (Rule.Render in SQL).
CREATE OR REPLACE MACRO audit_render(tpl, subject, expected, actual, figure, detail) AS
	replace(replace(replace(replace(replace(tpl,
		'{subject}', coalesce(subject, '')), '{expected}', coalesce(audit_num(expected), '空')),
		'{actual}', coalesce(audit_num(actual), '空')), '{figure}', coalesce(audit_num(figure), '')),
		'{detail}', coalesce(detail, ''));

-- audit_labels: the form's label of each field key, and of the subjects of
-- table 三's column checks (apply.*.natural_person: the column).
CREATE OR REPLACE VIEW audit_labels AS
SELECT key, any_value(CASE WHEN "table" = '二' THEN "row" || '·' || "column" ELSE "row" || '（' || "column" || '）' END) AS label
FROM fields GROUP BY key
UNION ALL
SELECT 'apply.*.' || split_part(key, '.', 3), any_value("column") FROM fields
WHERE key LIKE 'apply.new_received.%' GROUP BY 1;

-- audit_values: the canonical value cells of latest reports with their
-- agency and year (what report_values holds, minus the null rows: a key
-- absent here is null).
CREATE OR REPLACE VIEW audit_values AS
SELECT v.report_id, r.agency_id, r.year, i.key, v.value
FROM cell_values v
JOIN field_ids i ON i.id = v.field_id
JOIN reports r ON r.id = v.report_id
WHERE v.canonical AND r.latest;

-- audit_findings: every finding of the catalogue on latest reports: the
-- warehouse's rules (findings) and the per-report checks run at extraction
-- (checks: C1–C4, C6), in one shape, with the rule's severity and the
-- message in Chinese. ids are stable across reruns and re-extractions.
CREATE OR REPLACE VIEW audit_findings AS
SELECT f.id, f.rule, u.severity, u.scope, f.report_id, f.agency_id, f.year, f.subject,
	coalesce(l.label, f.subject) AS label, f.ok, f.expected, f.actual, f.figure, f.cells,
	f.other_report_id, f.other_cells, f.detail, f.message
FROM findings f
JOIN reports r ON r.id = f.report_id AND r.latest
JOIN rules u ON u.id = f.rule
LEFT JOIN audit_labels l ON l.key = f.subject
UNION ALL
SELECT left(md5(concat_ws('|', k.rule, coalesce('a' || r.agency_id, 'r' || r.id), r.year, k.subject)), 16),
	k.rule, u.severity, u.scope, k.report_id, r.agency_id, r.year, k.subject,
	coalesce(l.label, k.subject), k.ok, k.expected, k.actual, NULL, k.cells, NULL, NULL,
	CASE WHEN k.message LIKE '%null cells left out%' THEN '（空白单元格未计入）' END,
	CASE WHEN NOT k.ok THEN audit_render(u.message, coalesce(l.label, k.subject), k.expected, k.actual, NULL,
		CASE WHEN k.message LIKE '%null cells left out%' THEN '（空白单元格未计入）' END) END
FROM checks k
JOIN reports r ON r.id = k.report_id AND r.latest
JOIN rules u ON u.id = k.rule
LEFT JOIN audit_labels l ON l.key = k.subject;

-- audit_reports: one row per latest report with what the audit says of it,
-- the rows behind every figure of the audit page (审核). NULL where a rule
-- could not be assessed.
CREATE OR REPLACE VIEW audit_reports AS
WITH chk AS (
	SELECT report_id, bool_and(ok) AS arith_ok FROM checks WHERE rule IN ('C1', 'C2', 'C3', 'C4') GROUP BY report_id
), f AS (
	SELECT report_id,
		bool_and(ok) FILTER (WHERE rule = 'C5') AS carry_ok,
		bool_and(ok) FILTER (WHERE rule = 'timeliness') AS on_time,
		max(figure) FILTER (WHERE rule = 'timeliness') AS days_late,
		bool_and(ok) FILTER (WHERE rule = 'completeness') AS complete,
		NOT bool_and(ok) FILTER (WHERE rule = 'copying') AS copied,
		max(figure) FILTER (WHERE rule = 'copying') AS copy_pct,
		count(*) FILTER (WHERE ok = false) AS failed_findings
	FROM findings GROUP BY report_id
)
SELECT r.id AS report_id, r.agency, r.agency_id, r.year, coalesce(g.kind, 'other') AS kind,
	CASE WHEN r.region_code IS NOT NULL THEN left(r.region_code, 2) || '0000' END AS province_code,
	p.name AS province_name, r.published, c.arith_ok, f.carry_ok, f.on_time, f.days_late,
	f.complete, f.copied, f.copy_pct, coalesce(f.failed_findings, 0) AS failed_findings, r.url
FROM reports r
LEFT JOIN agencies g ON g.id = r.agency_id
LEFT JOIN regions p ON p.code = left(r.region_code, 2) || '0000'
LEFT JOIN chk c ON c.report_id = r.id
LEFT JOIN f ON f.report_id = r.id
WHERE r.latest;
