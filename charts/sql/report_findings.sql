-- report_findings: the failing findings of the catalogue's warehouse rules
-- on one report ($1), errors first, with the other report involved.
SELECT f.id, f.rule, f.severity, f.label, f.message, f.cells, f.other_report_id, o.year AS other_year,
	o.agency AS other_agency, f.figure
FROM audit_findings f
LEFT JOIN reports o ON o.id = f.other_report_id
WHERE f.report_id = $1 AND f.ok = false AND f.rule NOT IN ('C1', 'C2', 'C3', 'C4', 'C6')
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule, f.subject
