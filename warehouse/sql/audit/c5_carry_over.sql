-- C5 carry-over: this year's 二、上年结转 equals the same agency's
-- previous-year 四、结转下年度继续办理, per applicant column. The 14 cells
-- are taken out of audit_v first: joined whole, audit_v (every cell of a
-- check's pass) was the build side of each join.
WITH cols(col) AS (VALUES ('natural_person'), ('commercial'), ('research'), ('social_welfare'),
	('legal_services'), ('other_org'), ('total')),
v AS (
	SELECT report_id, key, value FROM audit_v
	WHERE key IN (SELECT 'apply.carried_over.' || col FROM cols UNION ALL SELECT 'apply.carried_forward.' || col FROM cols)
),
cur AS (
	SELECT r.id, r.agency_id, r.year FROM audit_scope s JOIN audit_r r ON r.id = s.report_id
	WHERE r.agency_id IS NOT NULL AND r.year IS NOT NULL
)
SELECT 'C5' AS rule, c.id AS report_id, 'apply.carried_over.' || k.col AS subject,
	CASE WHEN p.id IS NULL OR a.value IS NULL OR b.value IS NULL THEN NULL ELSE a.value = b.value END AS ok,
	b.value AS expected, a.value AS actual, NULL::DOUBLE AS figure,
	['apply.carried_over.' || k.col] AS cells, p.id AS other_report_id,
	['apply.carried_forward.' || k.col] AS other_cells,
	CASE WHEN p.id IS NULL THEN '上年报告缺失' WHEN a.value IS NULL OR b.value IS NULL THEN '单元格为空' END AS detail,
	NULL::VARCHAR AS label
FROM cur c CROSS JOIN cols k
LEFT JOIN audit_r p ON p.agency_id = c.agency_id AND p.year = c.year - 1
LEFT JOIN v a ON a.report_id = c.id AND a.key = 'apply.carried_over.' || k.col
LEFT JOIN v b ON b.report_id = p.id AND b.key = 'apply.carried_forward.' || k.col
