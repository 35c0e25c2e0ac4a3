-- overview_years: latest reports per year covered, by template.
SELECT year,
	count(*) AS reports,
	count(*) FILTER (WHERE template = '2021') AS template_2021,
	count(*) FILTER (WHERE template = '2019') AS template_2019
FROM reports
WHERE latest AND year IS NOT NULL
GROUP BY year
ORDER BY year
