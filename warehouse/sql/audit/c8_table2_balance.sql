-- C8 table 二 balance (2021 form): 现行有效件数 equals last year's 现行有效件数
-- + 本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件. A warning. The six
-- cells are taken out of audit_v first (see c5_carry_over.sql).
WITH grp(g) AS (VALUES ('rules'), ('normative')),
v AS (
	SELECT report_id, key, value FROM audit_v
	WHERE key IN (SELECT 'active.' || g || '.' || part FROM grp CROSS JOIN (VALUES ('in_force'), ('issued'), ('repealed')) p(part))
),
cur AS (
	SELECT r.id, r.agency_id, r.year FROM audit_scope s JOIN audit_r r ON r.id = s.report_id
	WHERE r.agency_id IS NOT NULL AND r.year IS NOT NULL AND r.template = '2021'
)
SELECT 'C8' AS rule, c.id AS report_id, 'active.' || k.g || '.in_force' AS subject,
	CASE WHEN p.id IS NULL OR f.value IS NULL OR i.value IS NULL OR d.value IS NULL OR a.value IS NULL THEN NULL
		ELSE abs(f.value + i.value - d.value - a.value) < 1e-6 END AS ok,
	f.value + i.value - d.value AS expected, a.value AS actual, NULL::DOUBLE AS figure,
	['active.' || k.g || '.in_force', 'active.' || k.g || '.issued', 'active.' || k.g || '.repealed'] AS cells,
	p.id AS other_report_id, ['active.' || k.g || '.in_force'] AS other_cells,
	CASE WHEN p.id IS NULL THEN '上年报告缺失' WHEN f.value IS NULL OR i.value IS NULL OR d.value IS NULL OR a.value IS NULL THEN '单元格为空' END AS detail,
	NULL::VARCHAR AS label
FROM cur c CROSS JOIN grp k
LEFT JOIN audit_r p ON p.agency_id = c.agency_id AND p.year = c.year - 1 AND p.template = '2021'
LEFT JOIN v a ON a.report_id = c.id AND a.key = 'active.' || k.g || '.in_force'
LEFT JOIN v i ON i.report_id = c.id AND i.key = 'active.' || k.g || '.issued'
LEFT JOIN v d ON d.report_id = c.id AND d.key = 'active.' || k.g || '.repealed'
LEFT JOIN v f ON f.report_id = p.id AND f.key = 'active.' || k.g || '.in_force'
