-- copying: the MinHash similarity of a report's narrative to the same
-- agency's previous year; fails above 50 %, the figure always kept.
WITH cur AS (
	SELECT r.id, r.agency_id, r.year, a.minhash FROM audit_scope s
	JOIN audit_r r ON r.id = s.report_id
	LEFT JOIN report_audit a ON a.report_id = r.id
	WHERE r.agency_id IS NOT NULL AND r.year IS NOT NULL
), pair AS (
	SELECT c.id, p.id AS prev_id, c.minhash AS a, pa.minhash AS b
	FROM cur c
	LEFT JOIN audit_r p ON p.agency_id = c.agency_id AND p.year = c.year - 1
	LEFT JOIN report_audit pa ON pa.report_id = p.id
), sim AS (
	SELECT *, CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN
		100.0 * list_sum(list_transform(range(1, len(a) + 1), lambda i: CASE WHEN a[i] = b[i] THEN 1 ELSE 0 END)) / len(a) END AS pct
	FROM pair
)
SELECT 'copying' AS rule, id AS report_id, 'narrative' AS subject,
	CASE WHEN pct IS NULL THEN NULL ELSE pct <= 50 END AS ok,
	NULL::DOUBLE AS expected, NULL::DOUBLE AS actual, round(pct, 1) AS figure,
	NULL::VARCHAR[] AS cells, prev_id AS other_report_id, NULL::VARCHAR[] AS other_cells,
	CASE WHEN prev_id IS NULL THEN '上年报告缺失' WHEN a IS NULL OR b IS NULL THEN '正文过短或未记录'
		ELSE '（超过 50% 视为雷同）' END AS detail,
	'正文' AS label
FROM sim
