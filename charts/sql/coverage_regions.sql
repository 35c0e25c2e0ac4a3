-- coverage_regions: the provinces and cities, for the coverage page's
-- picker and heading (placeholders such as 市辖区 left out).
SELECT code, level, name FROM regions
WHERE level IN ('province', 'city') AND name NOT IN ('市辖区', '县') AND name NOT LIKE '%直辖县级行政区划'
ORDER BY code
