-- C7 narrative vs table: the totals section 三's narrative states (else
-- section 一's) and section 四's (else 一's) against the table's cells. A
-- report whose narrative states no such total gets no row.
WITH txt AS (
	SELECT s.report_id,
		coalesce(max(CASE WHEN t.section = '三' THEN t.text END), '') || '\n' || coalesce(max(CASE WHEN t.section = '一' THEN t.text END), '') AS t3,
		coalesce(max(CASE WHEN t.section = '四' THEN t.text END), '') || '\n' || coalesce(max(CASE WHEN t.section = '一' THEN t.text END), '') AS t4
	FROM audit_scope s JOIN report_sections t ON t.report_id = s.report_id
	GROUP BY s.report_id
),
stated AS (
	SELECT report_id, 'apply.new_received.total' AS key, '三' AS sec,
		regexp_extract(t3, '(?:共|新)(?:收到|受理|收)[^，。；;0-9]{0,24}?([0-9]+)\s*件', 1) AS n FROM txt
	UNION ALL
	SELECT report_id, 'apply.granted.total', '三', regexp_extract(t3, '予以公开\s*([0-9]+)\s*件', 1) FROM txt
	UNION ALL
	SELECT report_id, 'review.total', '四', regexp_extract(t4, '行政复议(?:案件|申请)?\s*(?:共)?\s*([0-9]+)\s*件', 1) FROM txt
)
SELECT 'C7' AS rule, s.report_id, s.key AS subject,
	CASE WHEN v.value IS NULL THEN NULL ELSE v.value = CAST(s.n AS DOUBLE) END AS ok,
	v.value AS expected, CAST(s.n AS DOUBLE) AS actual, NULL::DOUBLE AS figure,
	[s.key] AS cells, NULL::BIGINT AS other_report_id, NULL::VARCHAR[] AS other_cells,
	CASE WHEN v.value IS NULL THEN '（表格单元格为空）' ELSE '（第' || s.sec || '部分正文）' END AS detail,
	NULL::VARCHAR AS label
FROM stated s
LEFT JOIN audit_v v ON v.report_id = s.report_id AND v.key = s.key
WHERE s.n <> ''
