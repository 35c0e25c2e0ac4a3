-- quality_agencies: publishing bodies whose name could not be placed
-- (kind 'other': not a government, office, department of the dictionary,
-- township, street or zone), with their reports; they are never guessed.
-- Then the reports that name no body at all (agency_id null).
SELECT a.id AS agency_id, a.name, a.region_code, a.region_name,
	count(r.id) AS reports, min(r.id) AS report_id,
	string_agg(DISTINCT CAST(r.year AS VARCHAR), ', ') AS years
FROM agencies a
LEFT JOIN reports r ON r.agency_id = a.id AND r.latest
WHERE a.kind = 'other'
GROUP BY ALL
UNION ALL
SELECT NULL, '（报告未写发布机关）', r.region_code, r.region_name, count(*), min(r.id),
	string_agg(DISTINCT CAST(r.year AS VARCHAR), ', ')
FROM reports r
WHERE r.latest AND r.agency_id IS NULL
GROUP BY ALL
ORDER BY region_code NULLS LAST, name
