-- coverage_counties: every county-level division under a code prefix ($1;
-- '' for the nation): its sources, and the latest discovery of its best
-- source (ok before moved, empty, no_column, js_shell, challenge, dead).
-- Statistical zone codes (the fifth digit 7) are listed only when a
-- source names them: they are not divisions.
WITH counties AS (
	SELECT r.code, r.name, coalesce(c.name, '') AS city, coalesce(p.name, '') AS province
	FROM regions r
	LEFT JOIN regions c ON c.code = r.parent
	LEFT JOIN regions p ON p.code = c.parent
	WHERE starts_with(r.code, $1)
	  AND (r.level = 'county' OR r.level = 'city' AND NOT EXISTS (SELECT 1 FROM regions k WHERE k.parent = r.code))
), latest AS (
	SELECT * FROM source_discovery
	QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY checked_at DESC) = 1
), per_source AS (
	SELECT s.id, s.region_code, d.status, d.reason, d.checked_at, d.cms, d.title_names, d.columns,
		CASE d.status WHEN 'ok' THEN 1 WHEN 'moved' THEN 2 WHEN 'empty' THEN 3 WHEN 'no_column' THEN 4
			WHEN 'js_shell' THEN 5 WHEN 'challenge' THEN 6 WHEN 'dead' THEN 7 ELSE 8 END AS rank
	FROM sources s LEFT JOIN latest d ON d.source_id = s.id
	WHERE s.region_code IS NOT NULL
), per_county AS (
	SELECT region_code,
		string_agg(id, ' ' ORDER BY id) AS sources,
		arg_min(status, rank) AS status,
		arg_min(reason, rank) AS reason,
		max(checked_at) AS checked_at,
		arg_min(cms, rank) AS cms,
		string_agg(title_names, ' ') AS title_names,
		arg_min(array_to_string(columns, ' '), rank) AS columns
	FROM per_source GROUP BY region_code
)
SELECT c.code, c.name, c.city, c.province, pc.sources, pc.status,
	pc.status IN ('ok', 'moved', 'empty') AS reached,
	pc.reason, pc.checked_at, pc.cms, pc.title_names, pc.columns
FROM counties c LEFT JOIN per_county pc ON pc.region_code = c.code
WHERE substr(c.code, 5, 1) <> '7' OR pc.sources IS NOT NULL
ORDER BY c.code
