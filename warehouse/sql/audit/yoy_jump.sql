-- yoy_jump: a total or a table 二 count that grew more than ×5 or shrank
-- below ×0.2 from the same agency's previous year, where the larger of the
-- two is at least 50. Only the jumps are kept (a notice). Last year's
-- cells are those of v, the counted keys of audit_v (see c5_carry_over.sql).
WITH keys AS (
	SELECT DISTINCT key FROM fields
	WHERE kind = 'count' AND (key LIKE '%.total' OR "table" = '二')
), v AS (
	SELECT report_id, agency_id, year, key, value FROM audit_v
	WHERE agency_id IS NOT NULL AND key IN (SELECT key FROM keys) AND value IS NOT NULL
), cur AS (
	SELECT v.* FROM audit_scope s JOIN v ON v.report_id = s.report_id
)
SELECT 'yoy_jump' AS rule, c.report_id, c.key AS subject, false AS ok,
	p.value AS expected, c.value AS actual, round(c.value / p.value, 2) AS figure,
	[c.key] AS cells, p.report_id AS other_report_id, [c.key] AS other_cells,
	NULL::VARCHAR AS detail, NULL::VARCHAR AS label
FROM cur c
JOIN v p ON p.agency_id = c.agency_id AND p.year = c.year - 1 AND p.key = c.key
WHERE p.value > 0 AND greatest(c.value, p.value) >= 50
	AND (c.value / p.value > 5 OR c.value / p.value < 0.2)
