-- timeliness (条例 第四十九条): a department's report by 1月31日 of the next
-- year, a people's government's by 3月31日. A body of another kind, or a
-- report without a publication date, is not assessable.
WITH r AS (
	SELECT r.id, r.year, r.published, try_strptime(r.published, '%Y-%m-%d')::DATE AS pub, a.published_from,
		CASE WHEN g.kind IN ('province_government', 'city_government', 'county_government') THEN 3
			WHEN g.kind IN ('department', 'government_office', 'township', 'street', 'zone') THEN 1 END AS month
	FROM audit_scope s JOIN audit_r r ON r.id = s.report_id
	LEFT JOIN agencies g ON g.id = r.agency_id
	LEFT JOIN report_audit a ON a.report_id = r.id
	WHERE r.year IS NOT NULL
), d AS (
	SELECT *, make_date(year + 1, month, CASE month WHEN 1 THEN 31 ELSE 31 END) AS deadline FROM r
)
SELECT 'timeliness' AS rule, id AS report_id, 'published' AS subject,
	CASE WHEN pub IS NULL OR month IS NULL THEN NULL ELSE pub <= deadline END AS ok,
	NULL::DOUBLE AS expected, NULL::DOUBLE AS actual,
	CASE WHEN pub IS NOT NULL AND month IS NOT NULL THEN date_diff('day', deadline, pub)::DOUBLE END AS figure,
	NULL::VARCHAR[] AS cells, NULL::BIGINT AS other_report_id, NULL::VARCHAR[] AS other_cells,
	CASE WHEN pub IS NULL THEN '无发布日期' WHEN month IS NULL THEN '机关类别不明'
		ELSE '截止日期 ' || strftime(deadline, '%Y-%m-%d') || '（日期来源：' ||
			CASE published_from WHEN 'page' THEN '页面发布日期' WHEN 'meta' THEN '网页 meta 标签'
				WHEN 'properties' THEN '文件属性' WHEN 'url' THEN '网址中的日期' ELSE '未记录' END || '）' END AS detail,
	coalesce(published, '') AS label
FROM d
