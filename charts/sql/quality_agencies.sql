-- quality_agencies: publishing bodies whose name could not be placed
-- (kind 'other': not a government, office, department of the dictionary,
-- township, street or zone), with their reports; they are never guessed.
SELECT a.id AS agency_id, a.name, a.region_code, a.region_name,
	count(r.id) AS reports, min(r.id) AS report_id,
	string_agg(DISTINCT CAST(r.year AS VARCHAR), ', ') AS years
FROM agencies a
LEFT JOIN reports r ON r.agency_id = a.id AND r.latest
WHERE a.kind = 'other'
GROUP BY ALL
ORDER BY a.region_code NULLS LAST, a.name
