-- completeness: the six sections and the three tables found. A report
-- loaded before migration 009 has no record of its sections: not
-- assessable.
WITH parts(part, label) AS (VALUES ('一', '第一部分（总体情况）'), ('二', '第二部分（主动公开）'),
	('三', '第三部分（依申请公开）'), ('四', '第四部分（复议诉讼）'), ('五', '第五部分（存在问题及改进）'),
	('六', '第六部分（其他事项）'), ('表二', '表二'), ('表三', '表三'), ('表四', '表四')),
have AS (
	SELECT s.report_id, t.section AS part FROM audit_scope s JOIN report_sections t ON t.report_id = s.report_id
	UNION
	SELECT s.report_id, '表' || t."table" FROM audit_scope s JOIN report_tables t ON t.report_id = s.report_id WHERE t.rows_read > 0
),
missing AS (
	SELECT s.report_id, list(p.label ORDER BY p.part) FILTER (WHERE h.part IS NULL) AS missing, count(h.part) AS found
	FROM audit_scope s CROSS JOIN parts p
	LEFT JOIN have h ON h.report_id = s.report_id AND h.part = p.part
	GROUP BY s.report_id
)
SELECT 'completeness' AS rule, m.report_id, 'parts' AS subject,
	CASE WHEN a.report_id IS NULL THEN NULL ELSE len(coalesce(m.missing, [])) = 0 END AS ok,
	9::DOUBLE AS expected, m.found::DOUBLE AS actual, m.found::DOUBLE AS figure,
	NULL::VARCHAR[] AS cells, NULL::BIGINT AS other_report_id, NULL::VARCHAR[] AS other_cells,
	CASE WHEN a.report_id IS NULL THEN '载入时未记录章节' ELSE array_to_string(m.missing, '、') END AS detail,
	'章节与表格' AS label
FROM missing m
LEFT JOIN report_audit a ON a.report_id = m.report_id
