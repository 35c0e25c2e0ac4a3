-- compare_years: the years that latest reports cover.
SELECT DISTINCT year FROM reports WHERE latest AND year IS NOT NULL ORDER BY year
