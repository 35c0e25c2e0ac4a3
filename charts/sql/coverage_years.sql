-- coverage_years: reports found per county and year (the latest version
-- of each), under a code prefix ($1; '' for the nation).
SELECT region_code AS code, year, count(*) AS reports
FROM reports
WHERE latest AND year IS NOT NULL AND region_code IS NOT NULL AND starts_with(region_code, $1)
GROUP BY ALL
ORDER BY code, year
