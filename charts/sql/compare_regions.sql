-- compare_regions: the provinces and cities that have county reports, for
-- the compare page's picker. level is 'province' or 'city'.
WITH counties AS (
	SELECT DISTINCT region_code FROM reports
	WHERE latest AND region_code IS NOT NULL AND length(region_code) = 6 AND right(region_code, 2) <> '00'
), up AS (
	SELECT left(region_code, 2) || '0000' AS code, 'province' AS level, region_code FROM counties
	UNION ALL
	SELECT left(region_code, 4) || '00', 'city', region_code FROM counties
)
SELECT up.code, up.level, coalesce(g.name, up.code) AS name, count(DISTINCT up.region_code) AS counties
FROM up LEFT JOIN regions g ON g.code = up.code
-- Municipalities' counties sit under a 0100/0200 "city" that has no name of its own.
WHERE up.level = 'province' OR g.code IS NOT NULL
GROUP BY ALL
ORDER BY up.code
